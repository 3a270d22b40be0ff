extends SceneTree
## A Godot 4 SceneMultiplayer client, to try against a wsmp scene server (or a Godot server).
##
##   godot --headless --path docs/godot4 --script client.gd -- --url ws://127.0.0.1:9080 --name alice [--secret letmein]
##
## With --secret it sets an auth callback: it answers the server's challenge with the secret and
## completes its side. Once connected it sends raw bytes (send_bytes) to everyone and to the
## server, calls `chat` on every peer with rpc(), and pings each other client with rpc_id().

const Args = preload("res://args.gd")
const Game = preload("res://game.gd")

var peer := WebSocketMultiplayerPeer.new()
var game: Node
var label := "godot"
var secret := ""


func _initialize() -> void:
	var args := Args.parse()
	var url: String = args.get("url", "ws://127.0.0.1:9080")
	label = args.get("name", "godot")
	secret = args.get("secret", "")
	var mp := get_multiplayer() as SceneMultiplayer
	if secret != "":
		mp.auth_callback = _on_auth
	mp.connected_to_server.connect(_on_connected)
	mp.connection_failed.connect(_on_connection_failed)
	mp.server_disconnected.connect(_on_server_disconnected)
	mp.peer_connected.connect(_on_peer_connected)
	mp.peer_disconnected.connect(_on_peer_disconnected)
	mp.peer_packet.connect(_on_peer_packet)
	mp.peer_authentication_failed.connect(_on_auth_failed)
	game = Game.new()
	game.name = "Game"
	root.add_child(game)
	var err := peer.create_client(url)
	if err != OK:
		print("create_client failed: %d" % err)
		quit(1)
		return
	mp.multiplayer_peer = peer
	print("%s connecting to %s" % [label, url])


func _on_auth(id: int, data: PackedByteArray) -> void:
	var mp := get_multiplayer() as SceneMultiplayer
	print("auth data from %d: %s" % [id, data.get_string_from_utf8()])
	mp.send_auth(id, secret.to_utf8_buffer())
	mp.complete_auth(id)


func _on_connected() -> void:
	var mp := get_multiplayer() as SceneMultiplayer
	print("%s connected as %d" % [label, mp.get_unique_id()])
	mp.send_bytes(("hello everyone from " + label).to_utf8_buffer())
	mp.send_bytes(("hello server from " + label).to_utf8_buffer(), 1)
	game.rpc("chat", label + " says hi")


func _on_peer_connected(id: int) -> void:
	print("peer_connected %d" % id)
	if id != 1:
		game.rpc_id(id, "ping", 1)
		(get_multiplayer() as SceneMultiplayer).send_bytes(("direct to %d from %s" % [id, label]).to_utf8_buffer(), id)


func _on_peer_disconnected(id: int) -> void:
	print("peer_disconnected %d" % id)


func _on_peer_packet(id: int, data: PackedByteArray) -> void:
	print("peer_packet from %d: %s" % [id, data.get_string_from_utf8()])


func _on_auth_failed(id: int) -> void:
	print("authentication with %d failed" % id)


func _on_connection_failed() -> void:
	print("connection failed")
	quit(1)


func _on_server_disconnected() -> void:
	print("server disconnected")
	quit(0)
