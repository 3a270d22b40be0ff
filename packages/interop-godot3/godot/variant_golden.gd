extends "res://harness.gd"
# Variant golden vectors (var2bytes / bytes2var) for test/variant.test.ts.
# 1. Prints `VAR <id> <hex>` with var2bytes of every value of values() (every Godot 3 type),
#    `VAR_OBJ <id> <hex>` with var2bytes(value, true) of full_objects(), and
#    `OBJ <id> <instance id> <hex>` for objects sent as ids.
# 2. Reads file=<path> (lines `<id> <hex>`, written by wsmp), decodes each with bytes2var
#    (allow_objects for ids starting "obj_") and prints `CHECK <id> OK` or `CHECK <id> FAIL ...`
#    after comparing with its own value of that id (same type, same contents).


func values():
	var nested = {"k": PoolIntArray([1, 2]), 3: [true, null]}
	return [
		["nil", null],
		["bool_true", true],
		["bool_false", false],
		["int_0", 0],
		["int_42", 42],
		["int_neg1", -1],
		["int_min32", -2147483648],
		["int_max32", 2147483647],
		["int_2p31", 2147483648],
		["int_2p40", 1 << 40],
		["int_neg2p40", -(1 << 40)],
		["int_max64", 9223372036854775807],
		["int_min64", -9223372036854775807 - 1],
		["real_1_5", 1.5],
		["real_0_1", 0.1],
		["real_2", 2.0],
		["real_neg0", -0.0],
		["real_neg_2_25", -2.25],
		["real_1e300", 1e300],
		["real_f32max", (2.0 - pow(2, -23)) * pow(2, 127)],
		["real_third", 1.0 / 3.0],
		["real_inf", INF],
		["real_neginf", -INF],
		["real_nan", NAN],
		["str_empty", ""],
		["str_hi", "hi"],
		["str_accent", "héllo"],
		["str_cjk", "日本語"],
		["str_astral", "a😀b"],
		["str_abc", "abc"],
		["str_abcd", "abcd"],
		["vector2", Vector2(1, 2)],
		["vector2_frac", Vector2(0.1, -3.5)],
		["rect2", Rect2(1, 2, 3, 4)],
		["vector3", Vector3(1, 2, 3)],
		["vector3_frac", Vector3(-0.5, 0.25, 1e10)],
		["transform2d", Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))],
		["plane", Plane(1, 2, 3, 4)],
		["quat", Quat(0.1, 0.2, 0.3, 0.4)],
		["aabb", AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))],
		["basis", Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9))],
		["transform", Transform(Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9)), Vector3(10, 11, 12))],
		["color", Color(1, 0, 0, 1)],
		["color_frac", Color(0.1, 0.2, 0.3, 0.4)],
		["nodepath_rel", NodePath("a/b:c")],
		["nodepath_abs", NodePath("/root/x")],
		["nodepath_subnames", NodePath(":a:bcdef")],
		["nodepath_empty", NodePath("")],
		["nodepath_parent", NodePath("../héllo/wörld:position:x")],
		["rid", RID()],
		["dict_empty", {}],
		["dict_a1", {"a": 1}],
		["dict_keys", {1: "one", Vector2(1, 2): [1, 2], null: true, 2.5: "f", "s": {"inner": -1}}],
		["array_empty", []],
		["array_1a", [1, "a"]],
		["array_nested", [[[]], [1, [2, [3]]]]],
		["array_mixed", [1, 2.5, "s", null, [true], nested, NodePath("x/y:z"), Color(0, 0, 1, 1)]],
		["bytes_empty", PoolByteArray()],
		["bytes_123", PoolByteArray([1, 2, 3])],
		["bytes_8", PoolByteArray([0, 255, 128, 7, 1, 2, 3, 4])],
		["ints_empty", PoolIntArray()],
		["ints", PoolIntArray([1, -1, 2147483647, -2147483648])],
		["reals", PoolRealArray([0.5, 0.1, -1e10])],
		["strings_empty", PoolStringArray()],
		["strings", PoolStringArray(["", "ab", "héllo", "abc"])],
		["vector2s", PoolVector2Array([Vector2(1, 2), Vector2(-3, 0.5)])],
		["vector3s", PoolVector3Array([Vector3(1, 2, 3), Vector3(0.1, 0.2, 0.3)])],
		["colors", PoolColorArray([Color(1, 0, 0, 1), Color(0.1, 0.2, 0.3, 0.4)])],
	]


func full_objects():
	var ref = Reference.new()
	return [["obj_reference", ref]]


func objects_as_ids():
	var node = Node.new()
	var ref = Reference.new()
	return [["node", node], ["reference", ref]]


func same(a, b):
	if typeof(a) != typeof(b):
		return false
	match typeof(a):
		TYPE_REAL:
			return var2bytes(a) == var2bytes(b) or (is_nan(a) and is_nan(b))
		TYPE_ARRAY, TYPE_RAW_ARRAY, TYPE_INT_ARRAY, TYPE_REAL_ARRAY, TYPE_STRING_ARRAY, TYPE_VECTOR2_ARRAY, TYPE_VECTOR3_ARRAY, TYPE_COLOR_ARRAY:
			if a.size() != b.size():
				return false
			for i in range(a.size()):
				if not same(a[i], b[i]):
					return false
			return true
		TYPE_DICTIONARY:
			var ka = a.keys()
			var kb = b.keys()
			if ka.size() != kb.size():
				return false
			for i in range(ka.size()):
				if not same(ka[i], kb[i]) or not same(a[ka[i]], b[kb[i]]):
					return false
			return true
		TYPE_OBJECT:
			return a != null and b != null and a.get_class() == b.get_class() and a.get_script() == b.get_script()
	return a == b


func step():
	var own = {}
	for entry in values():
		own[entry[0]] = entry[1]
		print("VAR %s %s" % [entry[0], var2bytes(entry[1]).hex_encode()])
	for entry in full_objects():
		own[entry[0]] = entry[1]
		print("VAR_OBJ %s %s" % [entry[0], var2bytes(entry[1], true).hex_encode()])
	for entry in objects_as_ids():
		print("OBJ %s %d %s" % [entry[0], entry[1].get_instance_id(), var2bytes(entry[1]).hex_encode()])
		if entry[1] is Node:
			entry[1].free()

	var file = File.new()
	if not check(file.open(arg("file"), File.READ) == OK, "cannot open " + arg("file")):
		finish()
		return
	var checked = 0
	while not file.eof_reached():
		var line = file.get_line().strip_edges()
		if line == "":
			continue
		var parts = line.split(" ")
		var id = parts[0]
		var decoded = bytes2var(hex_decode(parts[1]), id.begins_with("obj_"))
		checked += 1
		if not own.has(id):
			print("CHECK %s FAIL unknown id" % id)
		elif same(decoded, own[id]):
			print("CHECK %s OK" % id)
		else:
			print("CHECK %s FAIL got %s (type %d), expected %s (type %d)" % [id, str(decoded), typeof(decoded), str(own[id]), typeof(own[id])])
	file.close()
	note("checked", checked)
	finish()


# Godot 3.2 has no String.hex_decode.
func hex_decode(text):
	var out = PoolByteArray()
	for i in range(0, text.length(), 2):
		out.append(("0x" + text.substr(i, 2)).hex_to_int())
	return out
