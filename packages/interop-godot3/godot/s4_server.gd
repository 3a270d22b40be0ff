extends "res://harness.gd"
# Scenario 4b: a Godot 3 server that listens with subprotocols ["alpha", "beta"] (raw mode);
# wsmp clients offer various lists. Records who got in with which protocol, and reports when
# a client sends the text "report". (Godot 3.2.3's server has no set_extra_headers and cannot
# read request headers, so only the protocol side can be checked here.)

var server = WebSocketServer.new()
var connected = []


func _init():
	server.bind_ip = "127.0.0.1"
	server.connect("client_connected", self, "_on_connected")
	server.connect("data_received", self, "_on_data")
	var err = server.listen(int(arg("port")), PoolStringArray(["alpha", "beta"]))
	check(err == OK, "listen returned %d" % err)
	say("READY")


func step():
	server.poll()


func _on_connected(id, protocol):
	connected.append(protocol)


func _on_data(id):
	var text = server.get_peer(id).get_packet().get_string_from_utf8()
	if text == "report":
		note("connected", connected)
		finish()
