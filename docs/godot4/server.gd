extends SceneTree
## A Godot 4 SceneMultiplayer server, to try wsmp clients against real Godot.
##
##   godot --headless --path docs/godot4 --script server.gd -- --port 9080 [--secret letmein]
##
## With --secret every peer must authenticate: the server sends "password?" and completes its
## side when the peer answers with the secret (the peer must complete its side too). It prints
## every signal, echoes raw bytes back to their sender, and answers `chat` with an rpc() to all.

const Args = preload("res://args.gd")
const Game = preload("res://game.gd")

var peer := WebSocketMultiplayerPeer.new()
var game: Node
var secret := ""


func _initialize() -> void:
	var args := Args.parse()
	var port := int(args.get("port", "9080"))
	secret = args.get("secret", "")
	var mp := get_multiplayer() as SceneMultiplayer
	if secret != "":
		mp.auth_callback = _on_auth
		mp.peer_authenticating.connect(_on_authenticating)
		mp.peer_authentication_failed.connect(_on_auth_failed)
	mp.peer_connected.connect(_on_peer_connected)
	mp.peer_disconnected.connect(_on_peer_disconnected)
	mp.peer_packet.connect(_on_peer_packet)
	game = Game.new()
	game.name = "Game"
	root.add_child(game)
	var err := peer.create_server(port)
	if err != OK:
		print("create_server failed: %d" % err)
		quit(1)
		return
	mp.multiplayer_peer = peer
	print("listening on %d%s" % [port, " (auth on)" if secret != "" else ""])


func _on_authenticating(id: int) -> void:
	print("peer_authenticating %d" % id)
	(get_multiplayer() as SceneMultiplayer).send_auth(id, "password?".to_utf8_buffer())


func _on_auth(id: int, data: PackedByteArray) -> void:
	var mp := get_multiplayer() as SceneMultiplayer
	if data.get_string_from_utf8() == secret:
		print("peer %d gave the secret" % id)
		mp.complete_auth(id)
	else:
		print("peer %d gave a wrong secret" % id)
		mp.disconnect_peer(id)


func _on_auth_failed(id: int) -> void:
	print("peer_authentication_failed %d" % id)


func _on_peer_connected(id: int) -> void:
	print("peer_connected %d" % id)
	game.rpc_id(id, "chat", "welcome, %d" % id)


func _on_peer_disconnected(id: int) -> void:
	print("peer_disconnected %d" % id)


func _on_peer_packet(id: int, data: PackedByteArray) -> void:
	print("peer_packet from %d: %s" % [id, data.get_string_from_utf8()])
	(get_multiplayer() as SceneMultiplayer).send_bytes(("echo: " + data.get_string_from_utf8()).to_utf8_buffer(), id)
