extends "res://harness.gd"
# Scenario 3b: two Godot 3 clients in raw mode (connect_to_url(url), gd_mp_api = false) of a
# wsmp server in raw mode that echoes text as text ("echo:<text>") and binary reversed.
# "first" sends a text and a binary message; the wsmp server then closes it with 4003 "ts-bye".
# "second" sends a text and, once echoed, closes with 4004 "godot-bye".

var clients = {}
var logs = {}


func _init():
	for name in ["first", "second"]:
		var client = WebSocketClient.new()
		clients[name] = client
		logs[name] = []
		client.connect("connection_established", self, "_on_established", [name])
		client.connect("connection_error", self, "_on_event", ["connection_error", name])
		client.connect("connection_closed", self, "_on_closed", [name])
		client.connect("server_close_request", self, "_on_close_request", [name])
		client.connect("data_received", self, "_on_data", [name])
		client.connect("connection_succeeded", self, "_on_event", ["connection_succeeded", name])
		client.connect("peer_packet", self, "_on_unexpected_packet", [name])
	# One after the other, so the wsmp server sees them in this order.
	_connect("first")


func _connect(name):
	var err = clients[name].connect_to_url("ws://127.0.0.1:%s" % arg("port"))
	check(err == OK, "%s: connect_to_url returned %d" % [name, err])


func step():
	for name in clients:
		clients[name].poll()


func _on_established(protocol, name):
	logs[name].append("established '%s'" % protocol)
	var peer = clients[name].get_peer(1)
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
	peer.put_packet(("hello:" + name).to_utf8())
	if name == "first":
		peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
		peer.put_packet(PoolByteArray([1, 2, 3]))


func _on_data(name):
	var peer = clients[name].get_peer(1)
	var packet = peer.get_packet()
	if peer.was_string_packet():
		logs[name].append("text " + packet.get_string_from_utf8())
	else:
		logs[name].append("binary " + packet.hex_encode())
	if name == "first" and logs[name].size() == 3:
		_connect("second")
	if name == "second":
		clients[name].disconnect_from_host(4004, "godot-bye")


func _on_close_request(code, reason, name):
	logs[name].append("close_request %d %s" % [code, reason])


func _on_event(event, name):
	logs[name].append(event)


func _on_unexpected_packet(id, name):
	check(false, "%s: peer_packet(%d) fired in raw mode" % [name, id])


func _on_closed(was_clean, name):
	logs[name].append("closed %s" % was_clean)
	if logs["first"].back().begins_with("closed") and logs["second"].size() > 0 and logs["second"].back().begins_with("closed"):
		check(logs["first"] == ["established ''", "text echo:hello:first", "binary 030201", "close_request 4003 ts-bye", "closed True"], "first saw " + str(logs["first"]))
		# Godot 3.2 ignores the close reply to a close it started, so it calls its own close unclean.
		check(logs["second"] == ["established ''", "text echo:hello:second", "closed False"], "second saw " + str(logs["second"]))
		note("first", logs["first"])
		note("second", logs["second"])
		finish()
