extends Node
## /root/Game/Cfg: two @rpc methods plus two methods configured with Node.rpc_config() in
## _ready (one of them a native Node method), to see where node-level configs get their ids.

func _log(method: String, args: Array) -> void:
	get_tree().call("report", "CALL %s.%s from=%d args=%s" % [name, method, multiplayer.get_remote_sender_id(), var_to_str(args).replace("\n", " ")])


func _ready() -> void:
	rpc_config("z_cfg", {"rpc_mode": MultiplayerAPI.RPC_MODE_ANY_PEER})
	rpc_config("set_process", {"rpc_mode": MultiplayerAPI.RPC_MODE_ANY_PEER})


@rpc("any_peer")
func b_script() -> void:
	_log("b_script", [])


@rpc("any_peer")
func a_script() -> void:
	_log("a_script", [])


func z_cfg() -> void:
	_log("z_cfg", [])
