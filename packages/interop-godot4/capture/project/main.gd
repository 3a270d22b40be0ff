extends SceneTree
## One capture peer (server or client), driven by capture.mjs:
##
##   godot4 --headless --path <copy of this project> -s main.gd -- role=server|client port=N ctl=N [world=res://world.gd]
##
## It builds /root/Game (World, Cfg, Wide, Many, Board, Players, Spawner, Mobs), joins or hosts over
## WebSocketMultiplayerPeer, and connects to capture.mjs's control port on 127.0.0.1. Each
## control line is "<seq>\t<node path under /root, or @ for this script>\t<method>\t<arguments
## as var_to_str text of an Array>": the driver calls node.callv(method, arguments) and answers
## "DONE <seq> <result>". RPC handlers report "CALL ..." lines the same way; signals "EVT ...".
## Closing the control connection ends the process.

var role := ""
var ctl := StreamPeerTCP.new()
var ctl_up := false
var ctl_buf := PackedByteArray()
var peer := WebSocketMultiplayerPeer.new()
var mp: SceneMultiplayer
var game: Node
var players: Node
var spawner: MultiplayerSpawner
var deadline := 0


func arg(key: String, default_value := "") -> String:
	for a in OS.get_cmdline_user_args():
		if a.begins_with(key + "="):
			return a.substr(key.length() + 1)
	return default_value


func report(line: String) -> void:
	print(line)
	if ctl.get_status() == StreamPeerTCP.STATUS_CONNECTED:
		ctl.put_data((line + "\n").to_utf8_buffer())


func _initialize() -> void:
	role = arg("role")
	deadline = Time.get_ticks_msec() + int(arg("timeout", "120000"))
	mp = get_multiplayer() as SceneMultiplayer
	_build()
	mp.peer_connected.connect(_on_peer_connected)
	mp.peer_disconnected.connect(func(id: int) -> void: report("EVT peer_disconnected %d" % id))
	mp.connected_to_server.connect(_on_connected)
	mp.connection_failed.connect(func() -> void: report("EVT connection_failed"))
	mp.server_disconnected.connect(func() -> void: report("EVT server_disconnected"))
	var err := OK
	if role == "server":
		err = peer.create_server(int(arg("port")), "127.0.0.1")
	else:
		err = peer.create_client("ws://127.0.0.1:%s" % arg("port"))
	if err != OK:
		print("FATAL create failed %d" % err)
		quit(1)
		return
	mp.multiplayer_peer = peer
	ctl.connect_to_host("127.0.0.1", int(arg("ctl")))


func _build() -> void:
	game = Node.new()
	game.name = "Game"
	root.add_child(game)
	var world := Node.new()
	world.set_script(load(arg("world", "res://world.gd")))
	world.name = "World"
	game.add_child(world)
	var cfg := Node.new()
	cfg.set_script(load("res://cfg.gd"))
	cfg.name = "Cfg"
	game.add_child(cfg)
	# Wide: 300 @rpc methods m000..m299, so ids above 255 need the 2-byte method id.
	var src := "extends Node\n"
	for i in 300:
		src += "@rpc(\"any_peer\")\nfunc m%03d() -> void: get_tree().call(\"report\", \"CALL Wide.m%03d from=%%d args=[]\" %% multiplayer.get_remote_sender_id())\n" % [i, i]
	var wide_script := GDScript.new()
	wide_script.source_code = src
	wide_script.reload()
	var wide := Node.new()
	wide.set_script(wide_script)
	wide.name = "Wide"
	game.add_child(wide)
	# Many: 300 nodes with one RPC each, so the sender's cache ids exceed 255.
	var poke := GDScript.new()
	poke.source_code = "extends Node\n@rpc(\"any_peer\")\nfunc poke() -> void: get_tree().call(\"report\", \"CALL %s.poke from=%d args=[]\" % [name, multiplayer.get_remote_sender_id()])\n"
	poke.reload()
	var many := Node.new()
	many.name = "Many"
	game.add_child(many)
	for i in 300:
		var n := Node.new()
		n.set_script(poke)
		n.name = "N%03d" % i
		many.add_child(n)
	var board := Node2D.new()
	board.name = "Board"
	game.add_child(board)
	players = Node.new()
	players.name = "Players"
	game.add_child(players)
	var mobs := Node.new()
	mobs.name = "Mobs"
	game.add_child(mobs)
	spawner = MultiplayerSpawner.new()
	spawner.name = "Spawner"
	game.add_child(spawner)
	spawner.spawn_path = NodePath("../Mobs")
	spawner.add_spawnable_scene("res://mob.tscn")
	spawner.spawn_function = _spawn_crate
	spawner.spawned.connect(func(n: Node) -> void: report("EVT spawned %s hp=%s pos=%s" % [n.name, n.get("hp"), n.position]))
	spawner.despawned.connect(func(n: Node) -> void: report("EVT despawned %s" % n.name))


func _on_connected() -> void:
	report("EVT connected_to_server %d" % mp.get_unique_id())
	_add_player(mp.get_unique_id())


func _on_peer_connected(id: int) -> void:
	report("EVT peer_connected %d" % id)
	if id != 1:
		_add_player(id)


func _add_player(id: int) -> void:
	var p := Node.new()
	p.set_script(load("res://player.gd"))
	p.name = str(id)
	p.set_multiplayer_authority(id)
	players.add_child(p)


## Helpers callable as "@" commands.

func spawn_mob(mob_name: String, x: float, y: float) -> String:
	var m: Node2D = load("res://mob.tscn").instantiate()
	m.name = mob_name
	m.position = Vector2(x, y)
	game.get_node("Mobs").add_child(m, true)
	return str(m.get_path())


func _spawn_crate(data: Variant) -> Node:
	var n := Node2D.new()
	n.name = "Crate"
	n.position = data["pos"]
	return n


func spawn_crate(data: Dictionary) -> String:
	return str(spawner.spawn(data).get_path())


func add_sync(path: String, prop: String, mode: int, interval: float) -> void:
	# A MultiplayerSynchronizer on a node that exists on every peer (not spawned).
	var target := root.get_node(path)
	var cfg := SceneReplicationConfig.new()
	var np := NodePath(".:" + prop)
	cfg.add_property(np)
	cfg.property_set_spawn(np, false)
	cfg.property_set_replication_mode(np, mode)
	var s := MultiplayerSynchronizer.new()
	s.name = "Sync"
	s.replication_interval = interval
	s.delta_interval = interval
	s.replication_config = cfg
	# A node added later does not inherit its parent's authority: copy it.
	s.set_multiplayer_authority(target.get_multiplayer_authority())
	s.synchronized.connect(func() -> void: report("EVT synchronized %s %s=%s" % [path, prop, target.get(prop)]))
	s.delta_synchronized.connect(func() -> void: report("EVT delta_synchronized %s %s=%s" % [path, prop, target.get(prop)]))
	target.add_child(s)


func send_raw(data: PackedByteArray, to: int) -> int:
	return mp.send_bytes(data, to)


func poke_range(to: int, first: int, last: int) -> void:
	for i in range(first, last + 1):
		game.get_node("Many/N%03d" % i).rpc_id(to, "poke")


func _process(_delta: float) -> bool:
	if Time.get_ticks_msec() > deadline:
		print("FATAL watchdog")
		return true
	ctl.poll()
	var status := ctl.get_status()
	if status == StreamPeerTCP.STATUS_CONNECTED:
		if not ctl_up:
			ctl_up = true
			report("HELLO %s" % role)
		var n := ctl.get_available_bytes()
		if n > 0:
			ctl_buf.append_array(ctl.get_data(n)[1])
			var nl := ctl_buf.find(10)
			while nl >= 0:
				var line := ctl_buf.slice(0, nl).get_string_from_utf8()
				ctl_buf = ctl_buf.slice(nl + 1)
				_run(line)
				nl = ctl_buf.find(10)
	elif ctl_up or status == StreamPeerTCP.STATUS_ERROR:
		return true
	return false


func _run(line: String) -> void:
	var parts := line.split("\t")
	var seq := parts[0]
	var target: Object = self if parts[1] == "@" else root.get_node_or_null(parts[1])
	var args: Array = str_to_var(parts[3]) if parts.size() > 3 and parts[3] != "" else []
	if target == null:
		report("DONE %s no-node" % seq)
		return
	var ret: Variant = target.callv(parts[2], args)
	report("DONE %s %s" % [seq, var_to_str(ret).replace("\n", " ")])
