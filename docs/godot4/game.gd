extends Node
## The node both sides add at /root/Game, so RPC paths match on every peer.
## Its RPCs print who called them; `ping` answers with `pong` to the caller.

@rpc("any_peer", "call_remote", "reliable")
func chat(text: String) -> void:
	print("chat from %d: %s" % [multiplayer.get_remote_sender_id(), text])


@rpc("any_peer", "call_remote", "reliable")
func ping(n: int) -> void:
	var caller := multiplayer.get_remote_sender_id()
	print("ping %d from %d" % [n, caller])
	rpc_id(caller, "pong", n)


@rpc("any_peer", "call_remote", "reliable")
func pong(n: int) -> void:
	print("pong %d from %d" % [n, multiplayer.get_remote_sender_id()])
