extends "res://harness.gd"
# A Godot 3 game client of a wsmp server (godot3 dialect): calls hello and values on the server
# with rpc_id(1, ...), sets hp with rset_id, and checks the server's welcome and echo RPCs.

const World = preload("res://rpc3_world.gd")

var client = WebSocketClient.new()
var world = World.new()
var welcomed = false
var echoed = false


func _init():
	World.mount(root, world)
	world.connect("welcomed", self, "_on_welcome")
	world.connect("echoed", self, "_on_echo")
	connect("connected_to_server", self, "_on_connected")
	connect("connection_failed", self, "_on_failed")
	var err = client.connect_to_url("ws://127.0.0.1:%s" % arg("port"), PoolStringArray(), true)
	check(err == OK, "connect_to_url returned %d" % err)
	network_peer = client


func _on_connected():
	note("id", get_network_unique_id())
	world.rpc_id(1, "hello", "godot3")
	world.callv("rpc_id", [1, "values"] + World.expected())
	world.rset_id(1, "hp", 5)


func _on_failed():
	check(false, "connection failed")
	finish()


func _on_welcome(text):
	welcomed = true
	note("welcome", text)


func _on_echo(args):
	echoed = true
	note("echo_ok", World.same(args, World.expected()))


func step():
	if welcomed and echoed:
		client.disconnect_from_host()
		finish()
