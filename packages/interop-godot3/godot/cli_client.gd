extends "res://harness.gd"
# A Godot 3 client of the `wsmp relay` command (--dialect godot3): it connects to arg("url")
# (which may carry ?token=...), waits until it has seen arg("others") other clients join, calls
# rpc("on_all") on every peer through the relay, waits for the same call from each other
# client, prints GREETED, and then stays until the server closes the connection.

const Game = preload("res://s1_game.gd")

var client = WebSocketClient.new()
var game = Game.new()
var my_id = 0
var others = []
var phase = "connecting"


func _init():
	game.name = "Game"
	root.call_deferred("add_child", game)
	connect("network_peer_connected", self, "_on_peer_connected")
	connect("connected_to_server", self, "_on_connected")
	connect("connection_failed", self, "_on_closed")
	connect("server_disconnected", self, "_on_closed")
	var err = client.connect_to_url(arg("url"), PoolStringArray(), true)
	check(err == OK, "connect_to_url returned %d" % err)
	network_peer = client


func _on_connected():
	my_id = get_network_unique_id()
	note("id", my_id)
	say("CONNECTED %d" % my_id)
	phase = "waiting"


func _on_peer_connected(id):
	if id != 1:
		others.append(id)


func _on_closed():
	note("phase_at_close", phase)
	note("all", game.all_from)
	check(game.sender_mismatches.empty(), "rpc sender differs from the claimed one: " + str(game.sender_mismatches))
	finish()


func step():
	if phase == "waiting" and others.size() >= int(arg("others")):
		game.rpc("on_all", my_id)
		phase = "calling"
	elif phase == "calling" and game.all_from.size() >= int(arg("others")):
		phase = "greeted"
		say("GREETED")
