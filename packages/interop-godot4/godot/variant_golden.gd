extends SceneTree
# Variant golden vectors (var_to_bytes / bytes_to_var) for test/variant.test.ts.
# 1. Prints `VAR <id> <hex>` with var_to_bytes of every value of values() (every Godot 4 type),
#    `VAR_OBJ <id> <hex>` with var_to_bytes_with_objects for ids starting "obj_", and
#    `REF <id> <instance id> <hex>` for values that hold an instance id (objects, signals).
# 2. Reads the file given as --file=<path> (lines `<id> <hex>`, written by wsmp), decodes each
#    with bytes_to_var (bytes_to_var_with_objects for "obj_" ids) and prints `CHECK <id> OK` or
#    `CHECK <id> FAIL ...` after comparing with its own value (same types, same contents).
# Ends with `DONE <checked count>`.


func values():
	var ints: Array[int] = [7, -1, 1 << 40]
	var vectors: Array[Vector2] = [Vector2(1, 2), Vector2(-0.5, 4)]
	var strings: Array[String] = ["a", "héllo"]
	var names: Array[StringName] = [&"x", &""]
	var arrays: Array[Array] = [[1], ["two", [3]]]
	var nodes: Array[Node] = []
	var empty_ints: Array[int] = []
	var str_int: Dictionary[String, int] = {"a": 1, "b": -2}
	var any_int: Dictionary[Variant, int] = {1: 2, "x": 3}
	var int_node: Dictionary[int, Node] = {}
	var name_vec: Dictionary[StringName, Vector3] = {&"x": Vector3(1, 2, 3)}
	var basis = Basis(Vector3(1, 2, 3), Vector3(4, 5, 6), Vector3(7, 8, 9))
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
		["float_1_5", 1.5],
		["float_0_1", 0.1],
		["float_2", 2.0],
		["float_neg0", -0.0],
		["float_neg_2_25", -2.25],
		["float_1e300", 1e300],
		["float_f32max", (2.0 - pow(2, -23)) * pow(2, 127)],
		["float_third", 1.0 / 3.0],
		["float_inf", INF],
		["float_neginf", -INF],
		["float_nan", NAN],
		["str_empty", ""],
		["str_hi", "hi"],
		["str_accent", "héllo"],
		["str_cjk", "日本語"],
		["str_astral", "a😀b"],
		["str_abcd", "abcd"],
		["vector2", Vector2(1, 2)],
		["vector2_frac", Vector2(0.1, -3.5)],
		["vector2i", Vector2i(1, -2)],
		["rect2", Rect2(1, 2, 3, 4)],
		["rect2i", Rect2i(-1, 2, 3, 2147483647)],
		["vector3", Vector3(1, 2, 3)],
		["vector3i", Vector3i(1, 2, -2147483648)],
		["transform2d", Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))],
		["vector4", Vector4(1, 2.5, -3, 0.1)],
		["vector4i", Vector4i(1, 2, 3, 4)],
		["plane", Plane(1, 2, 3, 4)],
		["quaternion", Quaternion(0.1, 0.2, 0.3, 0.4)],
		["aabb", AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))],
		["basis", basis],
		["transform3d", Transform3D(basis, Vector3(10, 11, 12))],
		["projection", Projection(Vector4(1, 2, 3, 4), Vector4(5, 6, 7, 8), Vector4(9, 10, 11, 12), Vector4(13, 14, 15, 16))],
		["color", Color(1, 0, 0, 1)],
		["color_frac", Color(0.1, 0.2, 0.3, 0.4)],
		["stringname", &"node_name"],
		["stringname_empty", &""],
		["nodepath_rel", NodePath("a/b:c")],
		["nodepath_abs", NodePath("/root/x")],
		["nodepath_subnames", NodePath(":a:bcdef")],
		["nodepath_empty", NodePath("")],
		["nodepath_parent", NodePath("../héllo/wörld:position:x")],
		["rid_empty", RID()],
		["rid", rid_from_int64(12345)],
		["callable", Callable()],
		["callable_bound", Callable(self, "values")],
		["signal_empty", Signal()],
		["dict_empty", {}],
		["dict_a1", {"a": 1}],
		["dict_keys", {1: "one", Vector2(1, 2): [1, 2], null: true, 2.5: "f", "s": {"inner": -1}, &"sn": 3, Vector2i(1, 1): Rect2i(1, 2, 3, 4)}],
		["dict_str_int", str_int],
		["dict_any_int", any_int],
		["dict_int_node", int_node],
		["dict_name_vec", name_vec],
		["array_empty", []],
		["array_1a", [1, "a"]],
		["array_nested", [[[]], [1, [2, [3]]]]],
		["array_mixed", [1, 2.5, "s", null, [true], {"k": PackedInt32Array([1, 2])}, NodePath("x/y:z"), ints, &"n"]],
		["array_int", ints],
		["array_int_empty", empty_ints],
		["array_vector2", vectors],
		["array_string", strings],
		["array_stringname", names],
		["array_array", arrays],
		["array_node", nodes],
		["bytes_empty", PackedByteArray()],
		["bytes_123", PackedByteArray([1, 2, 3])],
		["bytes_8", PackedByteArray([0, 255, 128, 7, 1, 2, 3, 4])],
		["int32s", PackedInt32Array([1, -1, 2147483647, -2147483648])],
		["int64s", PackedInt64Array([1, -1, 1 << 40, 9223372036854775807])],
		["float32s", PackedFloat32Array([0.5, 0.1, -1e10])],
		["float64s", PackedFloat64Array([0.1, -1e300, 2.0])],
		["strings_empty", PackedStringArray()],
		["strings", PackedStringArray(["", "ab", "héllo", "abc"])],
		["vector2s", PackedVector2Array([Vector2(1, 2), Vector2(-3, 0.5)])],
		["vector3s", PackedVector3Array([Vector3(1, 2, 3), Vector3(0.1, 0.2, 0.3)])],
		["colors", PackedColorArray([Color(1, 0, 0, 1), Color(0.1, 0.2, 0.3, 0.4)])],
		["vector4s", PackedVector4Array([Vector4(1, 2, 3, 4), Vector4(0.1, 0.2, 0.3, 0.4)])],
		["vector4s_empty", PackedVector4Array()],
		["obj_refcounted", RefCounted.new()],
	]


# What bytes_to_var gives back where it differs from the value itself.
func after_decode(id, value):
	if id == "callable_bound":
		return Callable()
	return value


func same(a, b):
	if typeof(a) != typeof(b):
		return false
	match typeof(a):
		TYPE_FLOAT:
			return var_to_bytes(a) == var_to_bytes(b)
		TYPE_ARRAY:
			if a.is_typed() != b.is_typed() or a.get_typed_builtin() != b.get_typed_builtin():
				return false
			if a.get_typed_builtin() == TYPE_OBJECT:
				return var_to_bytes(a) == var_to_bytes(b)
			return same_items(a, b)
		TYPE_PACKED_BYTE_ARRAY, TYPE_PACKED_INT32_ARRAY, TYPE_PACKED_INT64_ARRAY, TYPE_PACKED_FLOAT32_ARRAY, TYPE_PACKED_FLOAT64_ARRAY, TYPE_PACKED_STRING_ARRAY, TYPE_PACKED_VECTOR2_ARRAY, TYPE_PACKED_VECTOR3_ARRAY, TYPE_PACKED_COLOR_ARRAY, TYPE_PACKED_VECTOR4_ARRAY:
			return same_items(a, b)
		TYPE_DICTIONARY:
			if a.is_typed() != b.is_typed() or a.get_typed_key_builtin() != b.get_typed_key_builtin() or a.get_typed_value_builtin() != b.get_typed_value_builtin():
				return false
			if a.get_typed_key_builtin() == TYPE_OBJECT or a.get_typed_value_builtin() == TYPE_OBJECT:
				return var_to_bytes(a) == var_to_bytes(b)
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


func same_items(a, b):
	if a.size() != b.size():
		return false
	for i in range(a.size()):
		if not same(a[i], b[i]):
			return false
	return true


func _initialize():
	var file_path = ""
	for a in OS.get_cmdline_user_args():
		if a.begins_with("--file="):
			file_path = a.substr(7)
	var own = {}
	for entry in values():
		own[entry[0]] = after_decode(entry[0], entry[1])
		if entry[0].begins_with("obj_"):
			print("VAR_OBJ %s %s" % [entry[0], var_to_bytes_with_objects(entry[1]).hex_encode()])
		else:
			print("VAR %s %s" % [entry[0], var_to_bytes(entry[1]).hex_encode()])
	var node = Node.new()
	var ref = RefCounted.new()
	print("REF node %d %s" % [node.get_instance_id(), var_to_bytes(node).hex_encode()])
	print("REF refcounted %d %s" % [ref.get_instance_id(), var_to_bytes(ref).hex_encode()])
	print("REF signal %d %s" % [node.get_instance_id(), var_to_bytes(Signal(node, "ready")).hex_encode()])
	node.free()

	var checked = 0
	var file = FileAccess.open(file_path, FileAccess.READ)
	if file == null:
		print("CHECK file FAIL cannot open %s" % file_path)
	else:
		while not file.eof_reached():
			var line = file.get_line().strip_edges()
			if line == "":
				continue
			var parts = line.split(" ")
			var id = parts[0]
			var bytes = parts[1].hex_decode() if parts.size() > 1 else PackedByteArray()
			var decoded = bytes_to_var_with_objects(bytes) if id.begins_with("obj_") else bytes_to_var(bytes)
			checked += 1
			if not own.has(id):
				print("CHECK %s FAIL unknown id" % id)
			elif same(decoded, own[id]):
				print("CHECK %s OK" % id)
			else:
				print("CHECK %s FAIL got %s (type %d), expected %s (type %d)" % [id, str(decoded), typeof(decoded), str(own[id]), typeof(own[id])])
	print("DONE %d" % checked)
	quit()
