extends RefCounted
## Reads `--name value` pairs from the arguments after `--` on the command line.

static func parse() -> Dictionary:
	var out := {}
	var user_args := OS.get_cmdline_user_args()
	var i := 0
	while i < user_args.size():
		var key: String = user_args[i]
		if key.begins_with("--") and i + 1 < user_args.size():
			out[key.substr(2)] = user_args[i + 1]
			i += 2
		else:
			i += 1
	return out
