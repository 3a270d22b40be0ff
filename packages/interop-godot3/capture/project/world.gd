extends Node
# /root/Game/World on every peer (network master: the server, 1). One function or property per
# RPC keyword of Godot 3, plus argument types. Godot 3 sends method and property names as text.

remote var hp = 10 setget _set_hp
remotesync var level = 1 setget _set_level
puppet var weather = "sun" setget _set_weather
master var secret = 0 setget _set_secret


func _log(method, args):
	get_tree().call("report", "CALL %s.%s from=%d args=%s" % [name, method, get_tree().get_rpc_sender_id(), var2str(args).replace("\n", " ")])


remote func ping():
	_log("ping", [])


remotesync func chat(text):
	_log("chat", [text])


master func to_master(n):
	_log("to_master", [n])


puppet func to_puppet(n):
	_log("to_puppet", [n])


mastersync func msync(n):
	_log("msync", [n])


puppetsync func psync(n):
	_log("psync", [n])


remote func move(v):
	_log("move", [v])


remote func blob(data):
	_log("blob", [data])


remote func ints(a, b, c, d, e, f, g, h):
	_log("ints", [a, b, c, d, e, f, g, h])


remote func misc(a, b, c, d, e, f, g, h, i, j, k):
	_log("misc", [a, b, c, d, e, f, g, h, i, j, k])


func helper():
	# No keyword: RPC mode disabled.
	_log("helper", [])


# Setters report every set of the four RPC properties (rset included).
func _set_hp(v):
	hp = v
	_report_set("hp", v)


func _set_level(v):
	level = v
	_report_set("level", v)


func _set_weather(v):
	weather = v
	_report_set("weather", v)


func _set_secret(v):
	secret = v
	_report_set("secret", v)


func _report_set(property, value):
	get_tree().call("report", "SET %s.%s = %s from=%d" % [name, property, var2str(value), get_tree().get_rpc_sender_id()])
