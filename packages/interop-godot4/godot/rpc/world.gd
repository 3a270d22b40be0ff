extends Node
## /root/Game/World in the RPC interop tests. The TypeScript side declares the same methods
## (test/rpc-game.ts, WORLD); every call that runs here prints one "CALL" line.

signal echoed(args: Array)

const Values := preload("res://values.gd")


func _say(method: String, args: Array) -> void:
	print("CALL %s from=%d args=%s" % [method, multiplayer.get_remote_sender_id(), var_to_str(args).replace("\n", " ")])


@rpc("any_peer")
func hello(who: String) -> void:
	_say("hello", [who])


@rpc("any_peer", "call_remote", "unreliable")
func move(v: Vector2) -> void:
	_say("move", [v])


@rpc("any_peer")
func values(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19) -> void:
	var args := [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19]
	_say("values", args)
	if multiplayer.is_server():
		print("VALUES %s" % ("OK" if Values.same(args, Values.list()) else "DIFF"))
		echo.rpc_id(multiplayer.get_remote_sender_id(), a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19)


@rpc("authority")
func welcome(id: int, text: String) -> void:
	_say("welcome", [id, text])


@rpc("authority")
func echo(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19) -> void:
	var args := [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19]
	_say("echo", args)
	echoed.emit(args)


@rpc("authority", "call_local")
func state(tick: int) -> void:
	_say("state", [tick])
