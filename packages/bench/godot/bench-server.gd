extends SceneTree
# Godot 3 WebSocketServer in multiplayer mode (gd_mp_api = true), the baseline for wsmp's
# godot3 dialect. The engine relays SYS_NONE packets between clients by itself; this script
# only polls, and drains (relay mode) or echoes back (echo mode) the packets the server keeps.
# Settings come from the environment: BENCH_PORT, BENCH_MODE (relay | echo),
# BENCH_MAX_SECONDS (the process quits after that long, in case its parent died),
# BENCH_SLEEP_USEC (optional: the main loop's idle sleep; Godot's default when unset).

var server = WebSocketServer.new()
var mode = "relay"
var deadline_ms = 0

func _init():
	mode = OS.get_environment("BENCH_MODE")
	var max_seconds = OS.get_environment("BENCH_MAX_SECONDS")
	deadline_ms = OS.get_ticks_msec() + (int(max_seconds) if max_seconds != "" else 900) * 1000
	var sleep_usec = OS.get_environment("BENCH_SLEEP_USEC")
	if sleep_usec != "":
		OS.low_processor_usage_mode_sleep_usec = int(sleep_usec)
	server.bind_ip = "127.0.0.1"
	var err = server.listen(int(OS.get_environment("BENCH_PORT")), PoolStringArray(), true)
	if err != OK:
		printerr("listen failed: ", err)
		quit()
		return
	print("READY")

func _idle(_delta):
	server.poll()
	if mode == "echo":
		while server.get_available_packet_count() > 0:
			var from = server.get_packet_peer()
			var packet = server.get_packet()
			server.set_target_peer(from)
			server.put_packet(packet)
	else:
		while server.get_available_packet_count() > 0:
			server.get_packet()
	if OS.get_ticks_msec() > deadline_ms:
		server.stop()
		quit()
