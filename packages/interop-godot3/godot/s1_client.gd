extends "res://harness.gd"
# Scenario 1, one Godot client of a wsmp server (godot3 dialect) using the high-level multiplayer.
# The wsmp server drives it with RAW messages (send_bytes) holding JSON:
#   {"cmd": "go", "ids": [...]}  -> rpc() to all, rpc_id() to the next id, rpc_unreliable(),
#                                   send_bytes() to the server; then report "done" to the server
#   {"cmd": "leave"}             -> disconnect from the server
# Others that stay report the leave they saw. Every client prints its RESULT at the end.

const Game = preload("res://s1_game.gd")

var client = WebSocketClient.new()
var game = Game.new()
var ids = []
var my_id = 0
var connected_peers = []
var disconnected_peers = []
var succeeded = false
var phase = "connecting"


func _init():
	game.name = "Game"
	root.call_deferred("add_child", game)
	connect("network_peer_connected", self, "_on_peer_connected")
	connect("network_peer_disconnected", self, "_on_peer_disconnected")
	connect("connected_to_server", self, "_on_connected")
	connect("connection_failed", self, "_on_connection_failed")
	multiplayer.connect("network_peer_packet", self, "_on_packet")
	var err = client.connect_to_url("ws://127.0.0.1:%s" % arg("port"), PoolStringArray(), true)
	check(err == OK, "connect_to_url returned %d" % err)
	network_peer = client


func _on_connected():
	succeeded = true
	my_id = get_network_unique_id()
	note("id", my_id)


func _on_connection_failed():
	# Godot 3's WebSocketClient reports the end of a multiplayer connection this way.
	if phase == "leaving":
		phase = "left"
	else:
		check(false, "connection_failed in phase " + phase)
		finish()


func _on_peer_connected(id):
	connected_peers.append(id)


func _on_peer_disconnected(id):
	disconnected_peers.append(id)
	if phase == "done":
		_report()


func _on_packet(sender, packet):
	var message = parse_json(packet.get_string_from_utf8())
	check(sender == 1, "a command came from %d, not the server" % sender)
	if typeof(message) != TYPE_DICTIONARY:
		check(false, "bad command " + packet.get_string_from_utf8())
		return
	if message["cmd"] == "go":
		_go(message["ids"])
	elif message["cmd"] == "leave":
		phase = "leaving"
		client.disconnect_from_host(1000, "leaving")


func _go(all_ids):
	for id in all_ids:
		ids.append(int(id))
	ids.sort()
	for id in ids:
		if id != my_id:
			check(connected_peers.has(id), "peer_connected(%d) was not seen before go" % id)
	check(connected_peers.has(1), "peer_connected(1) was not seen")
	var next_id = ids[(ids.find(my_id) + 1) % ids.size()]
	game.rpc("on_all", my_id)
	game.rpc_id(next_id, "on_one", my_id)
	game.rpc_unreliable("on_unreliable", my_id)
	multiplayer.send_bytes(to_json({"hello": my_id}).to_utf8(), 1)
	phase = "calling"


func step():
	if phase == "calling" and game.all_from.size() >= 2 and game.one_from.size() >= 1 and game.unreliable_from.size() >= 2:
		phase = "done"
		multiplayer.send_bytes(to_json({"done": my_id}).to_utf8(), 1)
	elif phase == "leaving" and client.get_connection_status() == NetworkedMultiplayerPeer.CONNECTION_DISCONNECTED:
		phase = "left"
	elif phase == "left":
		_report()


func _report():
	note("connected", connected_peers)
	note("disconnected", disconnected_peers)
	note("all", game.all_from)
	note("one", game.one_from)
	note("unreliable", game.unreliable_from)
	check(game.sender_mismatches.empty(), "rpc sender differs from the claimed one: " + str(game.sender_mismatches))
	note("phase", phase)
	finish()
