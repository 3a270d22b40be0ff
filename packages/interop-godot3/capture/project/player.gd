extends Node
# /root/Game/Players/<peer id>, one per client on every peer; network master = that client.

puppetsync var pos = Vector2() setget _set_pos


func _set_pos(v):
	pos = v
	get_tree().call("report", "SET %s.pos = %s from=%d" % [name, var2str(v), get_tree().get_rpc_sender_id()])


func _log(method, args):
	get_tree().call("report", "CALL %s.%s from=%d args=%s" % [name, method, get_tree().get_rpc_sender_id(), var2str(args).replace("\n", " ")])


puppet func set_pos(v):
	_log("set_pos", [v])


remote func greet(text):
	_log("greet", [text])
