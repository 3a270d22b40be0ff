extends SceneTree
## A Godot 4 game client for a wsmp server:
##   godot4 --headless -s rpc_client.gd -- url=ws://127.0.0.1:PORT
## On connecting it calls hello, then values (twenty values of many types) on the server. The
## server answers welcome and echo (the same values back), which this script compares; then it
## moves three times (by then the server confirmed World: compact node ids) and prints DONE.

const Values := preload("res://values.gd")
const Common := preload("res://rpc_common.gd")
var mp: SceneMultiplayer
var world: Node
var moved := 0
var deadline := 0


func _initialize() -> void:
	deadline = Time.get_ticks_msec() + 15000
	mp = get_multiplayer() as SceneMultiplayer
	world = Common.add_world(root)
	world.echoed.connect(_on_echo)
	mp.connected_to_server.connect(_on_connected)
	mp.connection_failed.connect(func() -> void: print("FATAL connection_failed"))
	var peer := WebSocketMultiplayerPeer.new()
	if peer.create_client(Common.arg("url")) != OK:
		print("FATAL create_client")
	mp.multiplayer_peer = peer


func _on_connected() -> void:
	print("CONNECTED %d" % mp.get_unique_id())
	world.rpc_id(1, "hello", "godot")
	world.callv("rpc_id", [1, "values"] + Values.list())


func _on_echo(args: Array) -> void:
	print("ECHO %s" % ("OK" if Values.same(args, Values.list()) else "DIFF"))
	for i in 3:
		world.rpc_id(1, "move", Vector2(i, 10))
	moved = 3


func _process(_delta: float) -> bool:
	if moved == 3:
		moved = 4
		print("DONE")
		return false
	if moved == 4:
		mp.multiplayer_peer.close()
		return true
	if Time.get_ticks_msec() > deadline:
		print("FATAL timeout")
		return true
	return false
