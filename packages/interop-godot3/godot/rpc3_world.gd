extends Node
# /root/Game/World in the RPC tests with a wsmp peer (test/rpc3.test.ts declares the same
# functions and modes). Every call or set that runs here prints one CALL / SET line.

signal echoed(args)
signal welcomed(text)

remote var hp = 0 setget _set_hp


static func expected():
	return [
		null, true, -7, 1099511627776, 1.5, "héllo", Vector2(1, 2), Vector3(1, 2, 3), Color(1, 0.5, 0, 1),
		NodePath("Game/World"), [1, "a", false], {"k": 2}, PoolByteArray([1, 2, 255]), PoolIntArray([7, -8]),
		PoolRealArray([0.5]), PoolStringArray(["x", "yz"]), Rect2(1, 2, 3, 4), Quat(0, 0, 0, 1),
	]


# Adds /root/Game/World (`world`, an instance of this script) under the tree's root.
static func mount(tree_root, world):
	var game = Node.new()
	game.name = "Game"
	world.name = "World"
	game.add_child(world)
	tree_root.call_deferred("add_child", game)


static func same(a, b):
	if a.size() != b.size():
		return false
	for i in a.size():
		if typeof(a[i]) != typeof(b[i]) or var2str(a[i]) != var2str(b[i]):
			print("DIFF %d %s %s" % [i, var2str(a[i]), var2str(b[i])])
			return false
	return true


func _say(kind, method, args):
	print("%s %s from=%d args=%s" % [kind, method, get_tree().get_rpc_sender_id(), var2str(args).replace("\n", " ")])


func _set_hp(v):
	hp = v
	_say("SET", "hp", [v])


remote func hello(who):
	_say("CALL", "hello", [who])


remote func values(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17):
	var args = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17]
	_say("CALL", "values", args)
	if get_tree().is_network_server():
		print("VALUES %s" % ("OK" if same(args, expected()) else "DIFF"))
		callv("rpc_id", [get_tree().get_rpc_sender_id(), "echo"] + args)


puppet func welcome(id, text):
	_say("CALL", "welcome", [id, text])
	emit_signal("welcomed", text)


puppet func echo(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17):
	var args = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17]
	_say("CALL", "echo", args)
	emit_signal("echoed", args)


remotesync func chat(text):
	_say("CALL", "chat", [text])
