extends "res://harness.gd"
# A Godot 3 client of one session of a wsmp cluster, with Godot's multiplayer protocol
# (connect_to_url(url, [], true)). It prints "ID <id>" once it has its id, "PEER +<id>" / "PEER -<id>"
# as the server announces peers, "GOT <from> <text>" for each packet, and "CLOSE <code> <reason>"
# when the server closes it. A packet "DO <target> <text>" makes it send <text> to <target>
# (0: everyone, id: one peer, -id: all but that one), so the test can drive every routing.

var client = WebSocketClient.new()
var had_id = false


func _init():
	client.connect("connection_succeeded", self, "_on_connected")
	client.connect("connection_failed", self, "_on_failed")
	client.connect("peer_connected", self, "_on_peer_connected")
	client.connect("peer_disconnected", self, "_on_peer_disconnected")
	client.connect("server_close_request", self, "_on_close_request")
	client.connect("server_disconnected", self, "_on_server_disconnected")
	var err = client.connect_to_url(arg("url"), PoolStringArray(), true)
	check(err == OK, "connect_to_url returned %d" % err)


func step():
	client.poll()
	while client.get_available_packet_count() > 0:
		var from = client.get_packet_peer()
		var text = client.get_packet().get_string_from_utf8()
		say("GOT %d %s" % [from, text])
		if text.begins_with("DO "):
			var parts = text.split(" ", true, 2)
			client.set_target_peer(int(parts[1]))
			check(client.put_packet(parts[2].to_utf8()) == OK, "put_packet failed")


func _on_connected():
	had_id = true
	say("ID %d" % client.get_unique_id())


func _on_failed():
	# Godot 3.2.3 also reports the end of an established connection that the server closed this way.
	check(had_id, "connection failed")
	note("failed_after_id", had_id)
	finish()


func _on_peer_connected(id):
	say("PEER +%d" % id)


func _on_peer_disconnected(id):
	say("PEER -%d" % id)


func _on_close_request(code, reason):
	note("close_code", code)
	note("close_reason", reason)
	say("CLOSE %d %s" % [code, reason])


func _on_server_disconnected():
	finish()
