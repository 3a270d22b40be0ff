extends "res://harness.gd"
# Scenario 3a: a Godot 3 server in raw mode (listen(port), gd_mp_api = false) with wsmp clients.
# Echoes text as text ("echo:<text>") and binary as binary (bytes reversed); a client that
# sends the text "kick-me" is disconnected with 4002 "server-bye". Reports once two clients
# are gone. The multiplayer signals must stay silent in raw mode.

var server = WebSocketServer.new()
var connected = []
var received = []
var close_requests = []
var disconnected = []


func _init():
	server.bind_ip = "127.0.0.1"
	server.connect("client_connected", self, "_on_connected")
	server.connect("client_disconnected", self, "_on_disconnected")
	server.connect("client_close_request", self, "_on_close_request")
	server.connect("data_received", self, "_on_data")
	server.connect("peer_connected", self, "_unexpected", ["peer_connected"])
	server.connect("peer_packet", self, "_unexpected", ["peer_packet"])
	var err = server.listen(int(arg("port")))
	check(err == OK, "listen returned %d" % err)
	say("READY")


func step():
	server.poll()


func _unexpected(id, signal_name):
	check(false, "%s(%d) fired in raw mode" % [signal_name, id])


func _on_connected(id, protocol):
	connected.append(id)
	check(protocol == "", "protocol '%s' without subprotocols" % protocol)


func _on_data(id):
	var peer = server.get_peer(id)
	var packet = peer.get_packet()
	if peer.was_string_packet():
		var text = packet.get_string_from_utf8()
		received.append("%d text %s" % [id, text])
		if text == "kick-me":
			server.disconnect_peer(id, 4002, "server-bye")
			return
		peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
		peer.put_packet(("echo:" + text).to_utf8())
	else:
		received.append("%d binary %s" % [id, packet.hex_encode()])
		var reversed = PoolByteArray()
		for i in range(packet.size() - 1, -1, -1):
			reversed.append(packet[i])
		peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
		peer.put_packet(reversed)


func _on_close_request(id, code, reason):
	close_requests.append([id, code, reason])


func _on_disconnected(id, was_clean):
	disconnected.append([id, was_clean])
	if disconnected.size() == 2:
		note("connected", connected)
		note("received", received)
		note("close_requests", close_requests)
		note("disconnected", disconnected)
		finish()
