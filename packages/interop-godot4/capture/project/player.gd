extends "res://actor.gd"
## /root/Game/Players/<peer id>, one per client on every peer; authority = that client.

@rpc("authority", "call_local", "unreliable_ordered")
func set_pos(v: Vector2) -> void:
	_log("set_pos", [v])


@rpc("any_peer")
func greet(text: String) -> void:
	_log("greet", [text])


var score := 0
