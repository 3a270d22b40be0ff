extends SceneTree
# One Godot 3 capture peer (server or client), driven by capture.mjs:
#
#   godot3-server --path <copy of this project> -s main.gd -- role=server|client port=N ctl=N
#
# It builds /root/Game (World, Players), hosts or joins with WebSocketServer/WebSocketClient in
# multiplayer mode (gd_mp_api = true), and connects to capture.mjs's control port on 127.0.0.1.
# Each control line is "<seq>\t<node path under /root, or @>\t<method>\t<arguments as var2str
# text of an Array>": the driver calls node.callv(method, arguments) and answers
# "DONE <seq> <result>". RPC handlers report "CALL ..." / "SET ..." lines the same way.

var role = ""
var ctl = StreamPeerTCP.new()
var ctl_up = false
var ctl_buf = PoolByteArray()
var peer
var game
var players
var deadline = 0


func arg(key, default_value = ""):
	for a in OS.get_cmdline_args():
		if a.begins_with(key + "="):
			return a.substr(key.length() + 1, a.length() - key.length() - 1)
	return default_value


func report(line):
	print(line)
	if ctl.get_status() == StreamPeerTCP.STATUS_CONNECTED:
		ctl.put_data((line + "\n").to_utf8())


func _initialize():
	role = arg("role")
	deadline = OS.get_ticks_msec() + int(arg("timeout", "120000"))
	game = Node.new()
	game.name = "Game"
	root.add_child(game)
	var world = Node.new()
	world.set_script(load("res://world.gd"))
	world.name = "World"
	game.add_child(world)
	players = Node.new()
	players.name = "Players"
	game.add_child(players)
	connect("network_peer_connected", self, "_on_peer_connected")
	connect("network_peer_disconnected", self, "_on_peer_disconnected")
	connect("connected_to_server", self, "_on_connected")
	connect("connection_failed", self, "_on_failed")
	var err = OK
	if role == "server":
		peer = WebSocketServer.new()
		peer.bind_ip = "127.0.0.1"
		err = peer.listen(int(arg("port")), PoolStringArray(), true)
	else:
		peer = WebSocketClient.new()
		err = peer.connect_to_url("ws://127.0.0.1:%s" % arg("port"), PoolStringArray(), true)
	if err != OK:
		print("FATAL create failed %d" % err)
		quit()
		return
	network_peer = peer
	ctl.connect_to_host("127.0.0.1", int(arg("ctl")))


func _on_connected():
	report("EVT connected_to_server %d" % get_network_unique_id())
	_add_player(get_network_unique_id())


func _on_failed():
	report("EVT connection_failed")


func _on_peer_connected(id):
	report("EVT peer_connected %d" % id)
	if id != 1:
		_add_player(id)


func _on_peer_disconnected(id):
	report("EVT peer_disconnected %d" % id)


func _add_player(id):
	var p = Node.new()
	p.set_script(load("res://player.gd"))
	p.name = str(id)
	p.set_network_master(id)
	players.add_child(p)


func send_raw(data, to):
	return multiplayer.send_bytes(data, to)


func _idle(_delta):
	if OS.get_ticks_msec() > deadline:
		print("FATAL watchdog")
		return true
	var status = ctl.get_status()
	if status == StreamPeerTCP.STATUS_CONNECTED:
		if not ctl_up:
			ctl_up = true
			report("HELLO %s" % role)
		var n = ctl.get_available_bytes()
		if n > 0:
			ctl_buf.append_array(ctl.get_data(n)[1])
			var text = ctl_buf.get_string_from_utf8()
			var nl = text.find("\n")
			while nl >= 0:
				_run(text.substr(0, nl))
				text = text.substr(nl + 1, text.length() - nl - 1)
				nl = text.find("\n")
			ctl_buf = text.to_utf8()
	elif ctl_up or status == StreamPeerTCP.STATUS_ERROR:
		return true
	return false


func _run(line):
	var parts = line.split("\t")
	var seq = parts[0]
	var target = self if parts[1] == "@" else root.get_node_or_null(parts[1])
	var args = str2var(parts[3]) if parts.size() > 3 and parts[3] != "" else []
	if target == null:
		report("DONE %s no-node" % seq)
		return
	var ret = target.callv(parts[2], args)
	report("DONE %s %s" % [seq, var2str(ret).replace("\n", " ")])
