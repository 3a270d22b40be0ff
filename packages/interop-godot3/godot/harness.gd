extends SceneTree
# Base of every interop scenario script: command-line arguments (key=value after `--`),
# checks that collect failures, a watchdog, and one machine-readable line at the end:
#   RESULT {"ok": true|false, "errors": [...], ...facts}
# Subclasses override step() (called every frame) and call finish() when they are done.

var errors = []
var facts = {}
var _deadline = 0
var _finished = false


func _init():
	Engine.target_fps = 200
	_deadline = OS.get_ticks_msec() + int(arg("timeout", "15000"))


func arg(name, default_value = ""):
	for a in OS.get_cmdline_args():
		if a.begins_with(name + "="):
			return a.substr(name.length() + 1, a.length() - name.length() - 1)
	return default_value


func check(condition, message):
	if not condition:
		errors.append(message)
	return condition


func note(key, value):
	facts[key] = value


func say(line):
	# Progress lines the test can wait for (e.g. "READY").
	print(line)


func finish():
	if _finished:
		return
	_finished = true
	facts["ok"] = errors.empty()
	facts["errors"] = errors
	print("RESULT " + to_json(facts))
	quit()


func _idle(_delta):
	if _finished:
		return false
	if OS.get_ticks_msec() > _deadline:
		errors.append("timeout in the Godot script")
		finish()
		return false
	step()
	return false


func step():
	pass
