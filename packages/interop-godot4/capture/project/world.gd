extends Node
## /root/Game/World on every peer. Its @rpc methods cover the modes, transfer modes, channels
## and argument types of the capture. The names are picked to show how method ids are sorted:
## upper case before "_" before lower case (code point order).

func _log(method: String, args: Array) -> void:
	get_tree().call("report", "CALL %s.%s from=%d args=%s" % [name, method, multiplayer.get_remote_sender_id(), var_to_str(args).replace("\n", " ")])


@rpc("any_peer")
func ping() -> void:
	_log("ping", [])


@rpc("any_peer", "call_local")
func chat(text: String) -> void:
	_log("chat", [text])


@rpc("authority")
func announce(text: String) -> void:
	_log("announce", [text])


@rpc("authority", "call_local", "reliable", 0)
func state(tick: int) -> void:
	_log("state", [tick])


@rpc("any_peer", "unreliable")
func move(v: Vector2) -> void:
	_log("move", [v])


@rpc("any_peer", "call_remote", "unreliable_ordered", 2)
func aim(v: Vector3) -> void:
	_log("aim", [v])


@rpc("any_peer", "call_remote", "reliable", 1)
func ch1(n: int) -> void:
	_log("ch1", [n])


@rpc("any_peer")
func blob(data: PackedByteArray) -> void:
	_log("blob", [data])


@rpc("any_peer")
func ints(a, b, c, d, e, f, g, h) -> void:
	_log("ints", [a, b, c, d, e, f, g, h])


@rpc("any_peer")
func misc(a, b, c, d, e, f, g, h, i, j, k) -> void:
	_log("misc", [a, b, c, d, e, f, g, h, i, j, k])


@rpc("any_peer")
func Zulu() -> void:
	_log("Zulu", [])


@rpc("any_peer")
func _hidden() -> void:
	_log("_hidden", [])


func helper() -> void:
	# Not an RPC: absent from the id list and the checksum.
	_log("helper", [])
