extends SceneTree
## A Godot 4 WebSocketMultiplayerPeer client that stays silent:
##   godot4 --headless -s mp_client.gd -- url=ws[s]://127.0.0.1:PORT [idle_ms=N] [timeout_ms=N]
## Prints `CONNECTED <id>`. With idle_ms it sends nothing for that long (answering whatever the
## engine answers by itself, such as pings), then closes with 4000 "done" and prints `DONE <code>`
## once the close handshake ended. If the server ends the connection first it prints
## `CLOSED <code> <reason>` (the code from the server's close frame, -1 without one). wss:// URLs
## skip certificate checks (TLSOptions.client_unsafe).

var peer := WebSocketMultiplayerPeer.new()
var ws: WebSocketPeer
var state := "connecting"
var idle_until := 0
var deadline := 0


static func arg(key: String, fallback := "") -> String:
	for a in OS.get_cmdline_user_args():
		if a.begins_with(key + "="):
			return a.substr(key.length() + 1)
	return fallback


func _initialize() -> void:
	var url := arg("url")
	deadline = Time.get_ticks_msec() + int(arg("timeout_ms", "15000"))
	var tls: TLSOptions = TLSOptions.client_unsafe() if url.begins_with("wss://") else null
	if peer.create_client(url, tls) != OK:
		print("FATAL create_client")


func _process(_delta: float) -> bool:
	if Time.get_ticks_msec() > deadline:
		print("FATAL timeout in state " + state)
		return true
	if state == "closing":
		ws.poll()
		if ws.get_ready_state() == WebSocketPeer.STATE_CLOSED:
			print("DONE %d" % ws.get_close_code())
			return true
		return false
	peer.poll()
	var status := peer.get_connection_status()
	if state == "connecting":
		if status == MultiplayerPeer.CONNECTION_CONNECTED:
			state = "connected"
			ws = peer.get_peer(1)
			print("CONNECTED %d" % peer.get_unique_id())
			var idle := int(arg("idle_ms", "0"))
			if idle > 0:
				idle_until = Time.get_ticks_msec() + idle
		elif status == MultiplayerPeer.CONNECTION_DISCONNECTED:
			print("FATAL connection failed")
			return true
	elif state == "connected":
		if status == MultiplayerPeer.CONNECTION_DISCONNECTED:
			print("CLOSED %d %s" % [ws.get_close_code(), ws.get_close_reason()])
			return true
		if idle_until > 0 and Time.get_ticks_msec() >= idle_until:
			state = "closing"
			ws.close(4000, "done")
	return false
