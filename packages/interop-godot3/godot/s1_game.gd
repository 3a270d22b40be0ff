extends Node
# The node every client has at /root/Game. It records each RPC with the sender the engine
# reports (get_rpc_sender_id, i.e. the `from` of the relayed message) and the sender the
# caller claims in its argument; the two must match.

var all_from = []
var one_from = []
var unreliable_from = []
var sender_mismatches = []


func _record(list, claimed):
	var sender = get_tree().get_rpc_sender_id()
	if sender != claimed:
		sender_mismatches.append([claimed, sender])
	list.append(sender)


remote func on_all(claimed):
	_record(all_from, claimed)


remote func on_one(claimed):
	_record(one_from, claimed)


remote func on_unreliable(claimed):
	_record(unreliable_from, claimed)
