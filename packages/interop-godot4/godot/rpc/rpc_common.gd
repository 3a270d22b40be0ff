extends RefCounted
## What rpc_client.gd and rpc_server.gd share: their command-line arguments and /root/Game/World.


## The value of `key=value` after `--`, or "".
static func arg(key: String) -> String:
	for a in OS.get_cmdline_user_args():
		if a.begins_with(key + "="):
			return a.substr(key.length() + 1)
	return ""


## Adds /root/Game with World (world.gd) under `tree_root` and returns World.
static func add_world(tree_root: Node) -> Node:
	var game := Node.new()
	game.name = "Game"
	tree_root.add_child(game)
	var world := Node.new()
	world.set_script(load("res://world.gd"))
	world.name = "World"
	game.add_child(world)
	return world
