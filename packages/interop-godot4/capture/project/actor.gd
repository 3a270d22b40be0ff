extends Node
## Base class of player.gd: are inherited @rpc methods part of the subclass's RPC list?

func _log(method: String, args: Array) -> void:
	get_tree().call("report", "CALL %s.%s from=%d args=%s" % [name, method, multiplayer.get_remote_sender_id(), var_to_str(args).replace("\n", " ")])


@rpc("any_peer")
func hit(damage: int) -> void:
	_log("hit", [damage])
