extends SceneTree
## A Godot 4 game server for a wsmp client:
##   godot4 --headless -s rpc_server.gd -- port=N
## /root/Game holds World (world.gd), a MultiplayerSpawner for Mobs (mob.tscn: position always,
## hp on change) and Board, a Node2D whose MultiplayerSynchronizer replicates its position.
## When a client joins, the server calls World.welcome on it, spawns Mob1 and
## moves Board; World.values from the client is checked and echoed back (world.gd). The
## server quits when the client leaves.

const Common := preload("res://rpc_common.gd")
var mp: SceneMultiplayer
var game: Node
var world: Node
var board: Node2D
var deadline := 0
var done := false


func _initialize() -> void:
	deadline = Time.get_ticks_msec() + 20000
	mp = get_multiplayer() as SceneMultiplayer
	world = Common.add_world(root)
	game = world.get_parent()
	var mobs := Node.new()
	mobs.name = "Mobs"
	game.add_child(mobs)
	var spawner := MultiplayerSpawner.new()
	spawner.name = "Spawner"
	game.add_child(spawner)
	spawner.spawn_path = NodePath("../Mobs")
	spawner.add_spawnable_scene("res://mob.tscn")
	board = Node2D.new()
	board.name = "Board"
	game.add_child(board)
	var cfg := SceneReplicationConfig.new()
	cfg.add_property(NodePath(".:position"))
	cfg.property_set_spawn(NodePath(".:position"), false)
	cfg.property_set_replication_mode(NodePath(".:position"), SceneReplicationConfig.REPLICATION_MODE_ALWAYS)
	var sync := MultiplayerSynchronizer.new()
	sync.name = "Sync"
	sync.replication_interval = 0.1
	sync.replication_config = cfg
	board.add_child(sync)
	mp.peer_connected.connect(_on_peer_connected)
	mp.peer_disconnected.connect(func(id: int) -> void:
		print("LEFT %d" % id)
		done = true)
	var peer := WebSocketMultiplayerPeer.new()
	if peer.create_server(int(Common.arg("port")), "127.0.0.1") != OK:
		print("FATAL create_server")
		done = true
		return
	mp.multiplayer_peer = peer
	print("LISTENING")


func _on_peer_connected(id: int) -> void:
	print("JOINED %d" % id)
	world.rpc_id(id, "welcome", id, "hello ts")
	var mob: Node2D = load("res://mob.tscn").instantiate()
	mob.name = "Mob1"
	mob.position = Vector2(10, 20)
	game.get_node("Mobs").add_child(mob, true)
	board.position = Vector2(1, 2)


func _process(_delta: float) -> bool:
	if Time.get_ticks_msec() > deadline:
		print("FATAL timeout")
		return true
	return done
