extends "res://harness.gd"
# Heartbeat: one Godot 3 WebSocketClient of a wsmp server with heartbeatInterval on, in
# multiplayer mode (mp=true: connect_to_url(url, [], true)) or raw mode (mp=false). It sends
# nothing for idle_ms (the engine answers the server's pings by itself), then closes with
# 4000 "done". A close the server starts during the idle time is a failure (server_close).

var client = WebSocketClient.new()
var phase = "connecting"
var idle_until = 0


func _init():
	client.connect("connection_established", self, "_on_established")
	client.connect("connection_error", self, "_on_lost", ["connection_error"])
	client.connect("connection_closed", self, "_on_closed")
	client.connect("server_close_request", self, "_on_close_request")
	var mp = arg("mp") == "true"
	var err = client.connect_to_url("ws://127.0.0.1:%s" % arg("port"), PoolStringArray(), mp)
	check(err == OK, "connect_to_url returned %d" % err)


func step():
	client.poll()
	if phase == "connecting" and client.get_connection_status() == NetworkedMultiplayerPeer.CONNECTION_CONNECTED and (arg("mp") != "true" or client.get_unique_id() > 1):
		phase = "idle"
		idle_until = OS.get_ticks_msec() + int(arg("idle_ms", "2000"))
		if arg("mp") == "true":
			note("id", client.get_unique_id())
		say("CONNECTED")
	elif phase == "idle" and OS.get_ticks_msec() >= idle_until:
		phase = "closing"
		client.disconnect_from_host(4000, "done")
	elif phase == "closing" and client.get_connection_status() == NetworkedMultiplayerPeer.CONNECTION_DISCONNECTED:
		finish()


func _on_established(_protocol):
	note("established", true)


func _on_close_request(code, reason):
	check(false, "the server closed the connection in phase %s: %d %s" % [phase, code, reason])
	note("server_close", [code, reason])


func _on_closed(_was_clean):
	if phase != "closing":
		check(false, "the connection ended in phase " + phase)
	finish()


func _on_lost(what):
	check(false, "%s in phase %s" % [what, phase])
	finish()
