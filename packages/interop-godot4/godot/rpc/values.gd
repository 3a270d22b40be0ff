extends RefCounted
## The twenty argument values of World.values / World.echo (test/rpc-game.ts has the same list).


static func list() -> Array:
	return [
		null, true, -7, 1099511627776, 1.5, "héllo", Vector2(1, 2), Vector2i(3, -4), Vector3(1, 2, 3),
		Color(1, 0.5, 0, 1), &"name", NodePath("Game/World"), [1, "a", false], {"k": 2, 3: [4]},
		PackedByteArray([1, 2, 255]), PackedInt32Array([7, -8]), PackedFloat64Array([0.25, -1e300]),
		PackedStringArray(["x", "yz"]), Rect2(1, 2, 3, 4), Quaternion(0, 0, 0, 1),
	]


static func same(a: Array, b: Array) -> bool:
	if a.size() != b.size():
		return false
	for i in a.size():
		if typeof(a[i]) != typeof(b[i]) or a[i] != b[i]:
			print("DIFF %d %s %s" % [i, var_to_str(a[i]), var_to_str(b[i])])
			return false
	return true
