// Records what real Godot 4.6 peers put on the wire (SceneMultiplayer over
// WebSocketMultiplayerPeer) and writes packages/interop-godot4/fixtures/*.json.
//
//   node packages/interop-godot4/capture/capture.mjs [scenario...]
//
// Godot 4: $GODOT4, else <repo>/../shared/godot4/godot4-4.6-dev-linux-x86_64.xz unpacked to a
// temp dir. One Godot server and two Godot clients (A, B) run from a temp copy of project/;
// each client reaches the server through a recording proxy (lib/harness.mjs). Only 127.0.0.1.
// CAPTURE_VERBOSE=1 prints the engines' output.

import { createHash } from "node:crypto";
import { join } from "node:path";
import { Session, findGodot4, writeFixture, readSources, REPO, sleep } from "./lib/harness.mjs";
import { makeDecoder4 } from "./lib/decode4.mjs";

const HERE = join(REPO, "packages/interop-godot4/capture");
const PROJECT = join(HERE, "project");
const OUT = join(REPO, "packages/interop-godot4/fixtures");
const ENGINE = "4.6.dev";

const bin = findGodot4();

async function open(options = {}) {
  const s = new Session({ bin, project: PROJECT, baseArgs: ["--headless"], describe: makeDecoder4(), ...options });
  await s.start();
  return s;
}

const SCRIPT_ARGS = ["-s", "main.gd"];

async function startServer(s) {
  s.beginStep("server starts");
  await s.launch("server", "server", {}, SCRIPT_ARGS);
}

async function connectClient(s, name, extra = {}) {
  s.beginStep(`client ${name} connects`);
  const connected = s.waitFor(name, "EVT connected_to_server", 15_000);
  await s.launch(name, "client", extra, SCRIPT_ARGS);
  await connected;
  await s.quiet();
}

const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString("hex");
};
const cstr = (text) => Buffer.from(`${text}\0`).toString("hex");
const md5 = (text) => createHash("md5").update(text).digest("hex");
const WORLD_MD5 = md5("Zulu_hiddenaimannounceblobch1chatintsmiscmovepingstate");
/** A REMOTE_CALL that names its node by path (4-byte field 0x80000000 | offset), as an unconfirmed sender does. */
function pathCall(path, method, argsHex = null) {
  const meta = 0x20 | (argsHex === null ? 0x80 : 0) | (method > 255 ? 0x40 : 0);
  const m = method > 255 ? Buffer.from([method & 255, method >> 8]).toString("hex") : Buffer.from([method]).toString("hex");
  const body = (argsHex ?? "");
  const offset = 1 + 4 + m.length / 2 + body.length / 2;
  return Buffer.from([meta]).toString("hex") + u32(0x80000000 | offset) + m + body + cstr(path);
}
const isConfirm = (b) => b.length === 6 && b[0] === 2;

const scenarios = {
  // RPC packets: node id forms, method ids, argument encodings, relay, cache confirmation.
  async rpc() {
    const s = await open();
    await startServer(s);
    await connectClient(s, "A");
    await s.step("server rpc() to all (only A connected): first use of World", "server", "Game/World", "rpc", '["announce", "hello"]');
    await s.step("server rpc() again: A has confirmed World", "server", "Game/World", "rpc", '["announce", "again"]');
    await connectClient(s, "B");
    await s.step("server rpc() call_local: A confirmed World, B did not get it yet", "server", "Game/World", "rpc", '["state", 7]');
    await s.step("server rpc() call_local: both confirmed", "server", "Game/World", "rpc", '["state", 8]');
    await s.step("A rpc_id(1) first use of World from A", "A", "Game/World", "rpc_id", '[1, "ping"]');
    await s.step("A rpc_id(1) again", "A", "Game/World", "rpc_id", '[1, "ping"]');
    await s.step("A rpc() call_local broadcast: server confirmed, B not yet (relayed)", "A", "Game/World", "rpc", '["chat", "hi all"]');
    await s.step("A rpc_id(B) relayed, B confirmed", "A", "Game/World", "rpc_id", '[$B, "ch1", 5]');
    await s.step("A rpc() unreliable broadcast", "A", "Game/World", "rpc", "[\"move\", Vector2(1, 2)]");
    await s.step("A rpc() unreliable_ordered channel 2", "A", "Game/World", "rpc", "[\"aim\", Vector3(1, 2, 3)]");
    await s.step("A rpc_id(1) one PackedByteArray arg", "A", "Game/World", "rpc_id", "[1, \"blob\", PackedByteArray(1, 2, 3, 255)]");
    await s.step("A rpc_id(1) one empty PackedByteArray arg", "A", "Game/World", "rpc_id", "[1, \"blob\", PackedByteArray()]");
    await s.step("A rpc_id(1) ints of every compressed size", "A", "Game/World", "rpc_id", "[1, \"ints\", 0, -1, 127, -128, 128, 300, 100000, -2147483649]");
    await s.step("A rpc_id(1) ints: 2^40, -129, 32767, 32768, -32769, 2147483647, 2147483648, -9223372036854775807", "A", "Game/World", "rpc_id", "[1, \"ints\", 1099511627776, -129, 32767, 32768, -32769, 2147483647, 2147483648, -9223372036854775807]");
    await s.step("A rpc_id(1) other types", "A", "Game/World", "rpc_id", '[1, "misc", true, false, 1.5, 0.1, "héllo", Vector2(1, 2), Vector3(1, 2, 3), Color(1, 0, 0, 1), [1, "a"], {"a": 1}, NodePath("Game/World")]');
    await s.step("A rpc_id(1) more types", "A", "Game/World", "rpc_id", '[1, "misc", null, &"name", Vector2i(1, 2), PackedInt32Array(1, 2), PackedStringArray("ab"), 1e300, "", [], {}, PackedByteArray(1), NodePath("/root/Game:position")]');
    await s.step("A rpc_id(1) single non-bytes arg (String)", "A", "Game/World", "rpc_id", '[1, "chat", "one"]');
    await s.step("A rpc_id(1) method Zulu", "A", "Game/World", "rpc_id", '[1, "Zulu"]');
    await s.step("A rpc_id(1) method _hidden", "A", "Game/World", "rpc_id", '[1, "_hidden"]');
    await s.step("A rpc_id(1) method aim", "A", "Game/World", "rpc_id", "[1, \"aim\", Vector3(0, 0, 0)]");
    await s.step("A rpc_id(1) method ch1", "A", "Game/World", "rpc_id", "[1, \"ch1\", 1]");
    await s.step("A rpc_id(1) method move", "A", "Game/World", "rpc_id", "[1, \"move\", Vector2(0, 0)]");
    await s.step("server rpc_id(A) authority method", "server", "Game/World", "rpc_id", '[$A, "announce", "to A only"]');
    await s.step("A rpc() on its own player: authority, call_local, unreliable_ordered", "A", "Game/Players/$A", "rpc", "[\"set_pos\", Vector2(3, 4)]");
    await s.step("A rpc() on its own player again", "A", "Game/Players/$A", "rpc", "[\"set_pos\", Vector2(5, 6)]");
    await s.step("B rpc_id(A) greet on A's player (relayed)", "B", "Game/Players/$A", "rpc_id", '[$A, "greet", "hi A"]');
    await s.step("B rpc_id(1) hit: method inherited from actor.gd", "B", "Game/Players/$A", "rpc_id", "[1, \"hit\", 5]");
    await s.step("B rpc_id(1) greet", "B", "Game/Players/$A", "rpc_id", '[1, "greet", "x"]');
    await s.step("B rpc_id(1) set_pos", "B", "Game/Players/$A", "rpc_id", "[1, \"set_pos\", Vector2(0, 0)]");
    await s.step("A rpc_id(1) Cfg a_script (@rpc)", "A", "Game/Cfg", "rpc_id", '[1, "a_script"]');
    await s.step("A rpc_id(1) Cfg a_script again", "A", "Game/Cfg", "rpc_id", '[1, "a_script"]');
    await s.step("A rpc_id(1) Cfg b_script (@rpc)", "A", "Game/Cfg", "rpc_id", '[1, "b_script"]');
    await s.step("A rpc_id(1) Cfg z_cfg (Node.rpc_config on a script method)", "A", "Game/Cfg", "rpc_id", '[1, "z_cfg"]');
    await s.step("A rpc_id(1) Cfg set_process (Node.rpc_config on a native method)", "A", "Game/Cfg", "rpc_id", '[1, "set_process", false]');
    await s.step("A rpc_id(1) Wide m000", "A", "Game/Wide", "rpc_id", '[1, "m000"]');
    await s.step("A rpc_id(1) Wide m255", "A", "Game/Wide", "rpc_id", '[1, "m255"]');
    await s.step("A rpc_id(1) Wide m256", "A", "Game/Wide", "rpc_id", '[1, "m256"]');
    await s.step("A rpc_id(1) Wide m299", "A", "Game/Wide", "rpc_id", '[1, "m299"]');
    await s.step("server pokes Many/N000..N299 on A (300 first uses)", "server", "@", "poke_range", "[$A, 0, 299]", { settle: 600 });
    await s.step("server rpc_id(A) Many/N000 (low cache id)", "server", "Game/Many/N000", "rpc_id", '[$A, "poke"]');
    await s.step("server rpc_id(A) Many/N299 (cache id above 255)", "server", "Game/Many/N299", "rpc_id", '[$A, "poke"]');
    await s.step("A send_bytes to all (RAW, for comparison)", "A", "@", "send_raw", "[PackedByteArray(104, 105), 0]");
    await s.close();
    writeFixture(join(OUT, "g4-rpc.json"), s.fixture({
      engine: ENGINE,
      scenario: "rpc",
      description: "Server + clients A, B (Godot 4.6). Node-path cache, REMOTE_CALL node/method id forms, argument encodings, relay through the server, @rpc options, rpc_config, 2-byte method and node ids. CALL lines in the step logs are what the receiving engine decoded.",
      script: readSources(PROJECT, ["world.gd", "actor.gd", "player.gd", "cfg.gd"]) + "\n# Game/Wide: 300 methods m000..m299, each @rpc(\"any_peer\"); Game/Many/N000..N299: one @rpc(\"any_peer\") poke() each (built in main.gd).\n",
      omit: { "server pokes Many/N000..N299 on A (300 first uses)": 4 },
    }));
  },

  // The node-path cache: checksum input and failures, missing confirmations, receiver rules.
  async cache() {
    const s = await open();
    await startServer(s);
    await connectClient(s, "A");
    await connectClient(s, "B", { world: "res://world_modes.gd" });
    await connectClient(s, "C", { world: "res://world_extra.gd" });
    await s.step("server rpc() ping: SIMPLIFY to A (same script), B (same names, other @rpc options), C (one more method)", "server", "Game/World", "rpc", '["ping"]');
    await s.step("server rpc() ping again: all three marked confirmed, even C", "server", "Game/World", "rpc", '["ping"]');
    s.addRule({ conn: "A", dir: "s2c", match: isConfirm, action: "rewrite", rewrite: (b) => Buffer.from([2, 0, ...b.subarray(2)]), remaining: 1 });
    await s.step("A rpc_id(1) Cfg a_script; the proxy turns the server's CONFIRM_PATH into checksum 0", "A", "Game/Cfg", "rpc_id", '[1, "a_script"]');
    await s.step("A rpc_id(1) Cfg a_script again after a failed-checksum confirmation", "A", "Game/Cfg", "rpc_id", '[1, "a_script"]');
    s.clearRules();
    s.addRule({ conn: "A", dir: "s2c", match: isConfirm, action: "drop" });
    await s.step("A rpc_id(1) Wide m000; the proxy drops the server's CONFIRM_PATH", "A", "Game/Wide", "rpc_id", '[1, "m000"]');
    await s.step("A rpc_id(1) Wide m001, still unconfirmed", "A", "Game/Wide", "rpc_id", '[1, "m001"]');
    await s.step("A rpc_id(1) Wide m002, still unconfirmed", "A", "Game/Wide", "rpc_id", '[1, "m002"]');
    s.clearRules();
    await s.step("A rpc_id(B) on its player (first use towards B only)", "A", "Game/Players/$A", "rpc_id", '[$B, "greet", "hello B"]');
    const simplifyToB = s.messages.filter((m) => m.conn === "A" && m.dir === "c2s" && m.hex.startsWith("0703") && m.hex.slice(12, 14) === "01").pop();
    const playerId = Buffer.from(simplifyToB.hex, "hex").readUInt32LE(6 + 34);
    await s.stepInject(`server sends A a CONFIRM_PATH for A's cache id ${playerId}, which A only sent to B`, "A", "s2c", "0201" + u32(playerId));
    await s.stepInject("server sends A a CONFIRM_PATH for a cache id A never assigned (900)", "A", "s2c", "0201" + u32(900));
    await s.stepInject("server sends A a CONFIRM_PATH of 7 bytes", "A", "s2c", "0201" + u32(1) + "00");
    await s.stepInject("A sends SIMPLIFY_PATH Game/World, cache id 77, md5 of nothing (wrong)", "A", "c2s", "01" + cstr(md5("")) + u32(77) + cstr("Game/World"));
    await s.stepInject("A calls node #77 (1-byte form) method 10 (ping) after the failed checksum", "A", "c2s", "804d0a");
    await s.stepInject("A calls node #77 in the 2-byte form", "A", "c2s", "904d000a");
    await s.stepInject("A calls node #77 in the 4-byte form", "A", "c2s", "a04d0000000a");
    await s.stepInject("A calls node #99, never simplified", "A", "c2s", "80630a");
    await s.stepInject("A sends SIMPLIFY_PATH with cache id 77 again (duplicate)", "A", "c2s", "01" + cstr(WORLD_MD5) + u32(77) + cstr("Game/World"));
    await s.stepInject("A sends SIMPLIFY_PATH for a path that does not exist (id 78)", "A", "c2s", "01" + cstr(WORLD_MD5) + u32(78) + cstr("Game/Nope"));
    await s.stepInject("A sends SIMPLIFY_PATH with a correct md5, id 79, path with a leading /root", "A", "c2s", "01" + cstr(WORLD_MD5) + u32(79) + cstr("/root/Game/World"));
    await s.stepInject("A sends SIMPLIFY_PATH of 37 bytes (too short)", "A", "c2s", "01" + cstr(WORLD_MD5) + "4f0000");
    await s.stepInject("A sends SIMPLIFY_PATH with the md5 in upper case, id 80", "A", "c2s", "01" + cstr(WORLD_MD5.toUpperCase()) + u32(80) + cstr("Game/World"));
    await s.stepInject("A calls path-form Game/World ping without any SIMPLIFY_PATH", "A", "c2s", pathCall("Game/World", 10));
    await s.stepInject("A calls path-form /root/Game/World ping (absolute path)", "A", "c2s", pathCall("/root/Game/World", 10));
    await s.close();
    writeFixture(join(OUT, "g4-cache.json"), s.fixture({
      engine: ENGINE,
      scenario: "cache",
      description: "Node-path cache (SIMPLIFY_PATH / CONFIRM_PATH). Clients: A runs world.gd, B world_modes.gd (same RPC names, other @rpc options), C world_extra.gd (one extra RPC). The proxy rewrites or drops confirmations and injects hand-made packets (marked).",
      script: readSources(PROJECT, ["world.gd", "world_modes.gd", "world_extra.gd", "cfg.gd"]),
    }));
  },

  // What a receiving Godot does with bad calls (natural ones and injected ones).
  async errors() {
    const s = await open();
    await startServer(s);
    await connectClient(s, "A");
    await connectClient(s, "B");
    await s.step("A rpc_id(1) ping (caches World on the server: A's cache id 1)", "A", "Game/World", "rpc_id", '[1, "ping"]');
    await s.step("A rpc_id(1) ping with one argument too many", "A", "Game/World", "rpc_id", '[1, "ping", 5]');
    await s.step("A rpc_id(1) chat without its argument", "A", "Game/World", "rpc_id", '[1, "chat"]');
    await s.step("A rpc_id(1) ch1(n: int) with a String", "A", "Game/World", "rpc_id", '[1, "ch1", "five"]');
    await s.step("A rpc_id(1) move(v: Vector2) with an int", "A", "Game/World", "rpc_id", '[1, "move", 3]');
    await s.step("A rpc_id(1) announce: authority mode, A is not the authority", "A", "Game/World", "rpc_id", '[1, "announce", "x"]');
    await s.step("A rpc() set_pos on B's player: authority mode, A is not B", "A", "Game/Players/$B", "rpc", "[\"set_pos\", Vector2(1, 1)]");
    await s.step("A rpc_id(1) helper: not an RPC (sender refuses)", "A", "Game/World", "rpc_id", '[1, "helper"]');
    await s.step("A rpc_id(A) ping: to itself without call_local (sender refuses)", "A", "Game/World", "rpc_id", '[$A, "ping"]');
    await s.step("A rpc_id(12345) ping: unknown peer (sender refuses)", "A", "Game/World", "rpc_id", '[12345, "ping"]');
    await s.stepInject("A calls World (#1) method id 200 (no such id)", "A", "c2s", "8001c8");
    await s.stepInject("A calls World (#1) method id 0x8000 (no node-level config)", "A", "c2s", "c0010080");
    await s.stepInject("A calls path-form Game/Nope", "A", "c2s", pathCall("Game/Nope", 10));
    await s.stepInject("A sends a REMOTE_CALL of 1 byte", "A", "c2s", "00");
    await s.stepInject("A sends meta 0x30 (node id size 3 does not exist)", "A", "c2s", "30010a");
    await s.stepInject("A calls ints with argc 8 but only one argument", "A", "c2s", "0001070802 05");
    await s.stepInject("A calls ch1 with a truncated 16-bit int", "A", "c2s", "0001050142 01");
    await s.stepInject("A calls ch1 with argc 1 but no argument bytes", "A", "c2s", "00010501");
    await s.stepInject("A calls chat with variant type 0x3f", "A", "c2s", "000106013f");
    await s.stepInject("A calls chat with an Object (type 24) argument", "A", "c2s", "0001060118000100" + "0000000000000000");
    await s.stepInject("A calls ints with the raw-bytes flag (0x80) and 3 bytes", "A", "c2s", "800107010203");
    await s.stepInject("A calls ch1 with argc 2 (one argument too many)", "A", "c2s", "0001050202050206");
    await s.stepInject("A calls ch1 with a full (uncompressed) int Variant: 02 00 00 00 + int32", "A", "c2s", "000105010200000007000000");
    await s.stepInject("A calls ch1 with an int64 Variant header flag: 02 00 01 00 + int64", "A", "c2s", "00010501020001000700000000000000");
    await s.stepInject("A calls chat with a String whose header has flag bits set", "A", "c2s", "0001060104000100020000006869" + "0000");
    await s.stepInject("A calls ping with trailing bytes after a no-args call", "A", "c2s", "80010a" + "ffff");
    await s.stepInject("A sends a command byte 0x08 (bit 3 set on REMOTE_CALL)", "A", "c2s", "88010a");
    await s.stepInject("A sends RAW of 1 byte", "A", "c2s", "03");
    await s.close();
    writeFixture(join(OUT, "g4-errors.json"), s.fixture({
      engine: ENGINE,
      scenario: "errors",
      description: "What a Godot 4.6 receiver (the server) prints for bad RPCs from client A: wrong argument count/types, authority violations, unknown ids, malformed packets (injected by the proxy, marked). Also the errors the sender prints without sending anything.",
      script: readSources(PROJECT, ["world.gd", "player.gd"]),
    }));
  },

  // MultiplayerSpawner / MultiplayerSynchronizer packets.
  async replication() {
    const s = await open();
    await startServer(s);
    await connectClient(s, "A");
    await connectClient(s, "B");
    const fixed = (ms) => ({ wait: ms, settle: 0 });
    await s.step("server spawns Mob1 (mob.tscn: position always, hp on change; intervals 0.25 s)", "server", "@", "spawn_mob", '["Mob1", 10.0, 20.0]', fixed(1200));
    await s.step("server sets Mob1.hp = 7 (on change)", "server", "Game/Mobs/Mob1", "set", '["hp", 7]', fixed(800));
    await s.step("server moves Mob1 to (11, 20)", "server", "Game/Mobs/Mob1", "set", "[\"position\", Vector2(11, 20)]", fixed(800));
    await s.step("server custom spawn (spawn_function): Crate with {pos: (5, 6)}", "server", "@", "spawn_crate", '[{"pos": Vector2(5, 6)}]', fixed(600));
    await s.step("server frees Mob1 (despawn)", "server", "Game/Mobs/Mob1", "queue_free", "[]", fixed(600));
    s.beginStep("A and B add the same synchronizer to Game/Board first (no traffic expected)");
    for (const p of ["A", "B"]) await s.command(p, "@", "add_sync", '["Game/Board", "position", 1, 0.25]');
    await s.step("server adds a synchronizer (position, always) to the static node Game/Board", "server", "@", "add_sync", '["Game/Board", "position", 1, 0.25]', fixed(1000));
    await s.step("server moves Game/Board to (1, 2)", "server", "Game/Board", "set", "[\"position\", Vector2(1, 2)]", fixed(600));
    await s.step("server frees Game/Board/Sync (stops that sync)", "server", "Game/Board/Sync", "free", "[]", fixed(400));
    s.beginStep("server and B add the same synchronizer to A's player first (no traffic expected)");
    for (const p of ["server", "B"]) await s.command(p, "@", "add_sync", '["Game/Players/$A", "score", 2, 0.25]');
    await s.quiet();
    await s.step("A adds a synchronizer (score, on change) to its own player (authority A)", "A", "@", "add_sync", '["Game/Players/$A", "score", 2, 0.25]', fixed(1000));
    await s.step("A sets its score = 42", "A", "Game/Players/$A", "set", '["score", 42]', fixed(800));
    await s.step("A sets its score = 300", "A", "Game/Players/$A", "set", '["score", 300]', fixed(800));
    await s.stepInject("A sends a SPAWN naming its cache id 1 (a MultiplayerSynchronizer, not a spawner)", "A", "c2s", "04" + "00" + u32(1) + u32(1) + u32(0) + u32(2) + "5800");
    await s.stepInject("A sends SIMPLIFY_PATH Game/Spawner as its cache id 50 (md5 of no methods)", "A", "c2s", "01" + cstr(md5("")) + u32(50) + cstr("Game/Spawner"));
    await s.stepInject("A sends a SPAWN through spawner #50 (A is not the spawner's authority)", "A", "c2s", "04" + "00" + u32(50) + u32(1) + u32(0) + u32(2) + "5800");
    await s.stepInject("A sends a DESPAWN of net id 2", "A", "c2s", "05" + u32(2));
    await s.stepInject("A sends a SYNC for net id 3 (not its authority)", "A", "c2s", "06" + "0100" + u32(3) + u32(2) + "0201");
    await s.close();
    writeFixture(join(OUT, "g4-replication.json"), s.fixture({
      engine: ENGINE,
      scenario: "replication",
      description: "MultiplayerSpawner (authority 1) spawning mob.tscn (a MultiplayerSynchronizer: position 'always', hp 'on change', both in the spawn state) and a custom spawn; despawn; a synchronizer on a node that is not spawned (path-based net id); a client-authority synchronizer (relayed to the other client). Sync packets repeat every 0.25 s.",
      script: readSources(PROJECT, ["mob.tscn", "mob.gd"]) + "\n# main.gd: spawn_mob, spawn_crate (spawn_function builds a Node2D 'Crate' at data.pos), add_sync (SceneReplicationConfig with one property, spawn = false).\n",
    }));
  },
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`scenario ${name}...`);
  await run();
}
process.exit(0);
