extends "res://harness.gd"
# Scenario 4a: Godot 3 clients negotiate subprotocols with a wsmp server that supports
# ["alpha", "beta"] and adds an extra header to its 101 response. Godot 3.2.3's client has
# custom_headers (the 4th argument of connect_to_url) but cannot read response headers.
#   "match":    offers ["gamma", "beta"] with a custom header -> established with "beta"
#   "mismatch": offers ["zeta"]                               -> connection_error
#   "none":     offers nothing                                -> connection_error

var clients = {}
var outcome = {}
var offers = {"match": ["gamma", "beta"], "mismatch": ["zeta"], "none": []}


func _init():
	var url = "ws://127.0.0.1:%s" % arg("port")
	for name in offers:
		var client = WebSocketClient.new()
		clients[name] = client
		client.connect("connection_established", self, "_on_established", [name])
		client.connect("connection_error", self, "_on_error", [name])
		client.connect("connection_closed", self, "_on_closed", [name])
		var headers = PoolStringArray(["X-Godot-Test: hello"]) if name == "match" else PoolStringArray()
		var err = client.connect_to_url(url, PoolStringArray(offers[name]), false, headers)
		check(err == OK, "%s: connect_to_url returned %d" % [name, err])


func step():
	for name in clients:
		clients[name].poll()
	if outcome.size() == offers.size():
		check(outcome["match"] == "established beta", "match: " + outcome["match"])
		check(outcome["mismatch"] == "connection_error", "mismatch: " + outcome["mismatch"])
		check(outcome["none"] == "connection_error", "none: " + outcome["none"])
		note("outcome", outcome)
		clients["match"].disconnect_from_host()
		finish()


func _on_established(protocol, name):
	outcome[name] = "established " + protocol


func _on_error(name):
	outcome[name] = "connection_error"


func _on_closed(_was_clean, name):
	if not outcome.has(name):
		outcome[name] = "closed"
