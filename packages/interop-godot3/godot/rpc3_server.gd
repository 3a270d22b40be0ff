extends "res://harness.gd"
# A Godot 3 game server for a wsmp client (godot3 dialect): welcomes each client with an RPC,
# checks and echoes World.values (rpc3_world.gd), reports calls and sets; ends when the client leaves.

const World = preload("res://rpc3_world.gd")

var server = WebSocketServer.new()
var world = World.new()


func _init():
	World.mount(root, world)
	connect("network_peer_connected", self, "_on_joined")
	connect("network_peer_disconnected", self, "_on_left")
	var err = server.listen(int(arg("port")), PoolStringArray(), true)
	check(err == OK, "listen returned %d" % err)
	network_peer = server
	say("LISTENING")


func _on_joined(id):
	say("JOINED %d" % id)
	world.rpc_id(id, "welcome", id, "hello ts")


func _on_left(_id):
	finish()


func step():
	pass
