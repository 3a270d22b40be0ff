extends "res://harness.gd"
# Scenario 2: a Godot 3 server in multiplayer mode (listen(port, [], true)) with wsmp clients.
# It relays between them by itself; this script records what reaches the server's own
# MultiplayerAPI: who joined and left, and every RAW packet (send_bytes) with its sender.
# The clients put their own id in the text ("label:id"), so the script can check the sender.
# It greets everyone once three clients are in, and reports when a client sends "finish".

var server = WebSocketServer.new()
var joined = []
var left = []
var packets = []
var greeted = false


func _init():
	server.bind_ip = "127.0.0.1"
	var err = server.listen(int(arg("port")), PoolStringArray(), true)
	check(err == OK, "listen returned %d" % err)
	network_peer = server
	connect("network_peer_connected", self, "_on_joined")
	connect("network_peer_disconnected", self, "_on_left")
	multiplayer.connect("network_peer_packet", self, "_on_packet")
	say("READY")


func _on_joined(id):
	joined.append(id)
	if joined.size() == 3 and not greeted:
		greeted = true
		multiplayer.send_bytes("welcome".to_utf8())


func _on_left(id):
	left.append(id)


func _on_packet(sender, packet):
	var text = packet.get_string_from_utf8()
	var parts = text.split(":")
	check(parts.size() == 2 and int(parts[1]) == sender, "packet '%s' came from %d" % [text, sender])
	packets.append(text)
	if parts[0] == "finish":
		note("joined", joined)
		note("left", left)
		note("packets", packets)
		finish()
