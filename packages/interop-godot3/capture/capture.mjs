// Records what real Godot 3.2.3 peers put on the wire (MultiplayerAPI over WebSocketServer /
// WebSocketClient with gd_mp_api = true) and writes packages/interop-godot3/fixtures/*.json.
//
//   node packages/interop-godot3/capture/capture.mjs
//
// Godot 3: $GODOT3_BIN, else godot3-server on PATH. One Godot server and two Godot clients (A, B)
// run from a temp copy of project/; each client reaches the server through the recording proxy
// of packages/interop-godot4/capture/lib/harness.mjs. Only 127.0.0.1. CAPTURE_VERBOSE=1 prints
// the engines' output.

import { join } from "node:path";
import { Session, findGodot3, writeFixture, readSources, REPO } from "../../interop-godot4/capture/lib/harness.mjs";
import { makeDecoder3 } from "./decode3.mjs";

const HERE = join(REPO, "packages/interop-godot3/capture");
const PROJECT = join(HERE, "project");
const OUT = join(REPO, "packages/interop-godot3/fixtures");
const ENGINE = "3.2.3";
const SCRIPT_ARGS = ["-s", "main.gd"];

const i32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b.toString("hex");
};
const cstr = (text) => Buffer.from(`${text}\0`).toString("hex");
/** The 9-byte header of a multiplayer message: type 0 (payload), from, to. */
const header = (from, to) => "00" + i32(from) + i32(to);

async function connectClient(s, name) {
  s.beginStep(`client ${name} connects`);
  const connected = s.waitFor(name, "EVT connected_to_server", 15_000);
  await s.launch(name, "client", {}, SCRIPT_ARGS);
  await connected;
  await s.quiet();
}

const s = new Session({ bin: findGodot3(), project: PROJECT, describe: makeDecoder3() });
await s.start();
s.beginStep("server starts");
await s.launch("server", "server", {}, SCRIPT_ARGS);
await connectClient(s, "A");
await connectClient(s, "B");

await s.step("server rpc() remotesync chat, first use of World (A and B unconfirmed)", "server", "Game/World", "rpc", '[ "chat", "hello" ]');
await s.step("server rpc() chat again (both confirmed)", "server", "Game/World", "rpc", '[ "chat", "again" ]');
await s.step("A rpc_id(1) remote ping, first use of World by A", "A", "Game/World", "rpc_id", '[ 1, "ping" ]');
await s.step("A rpc_id(1) ping again", "A", "Game/World", "rpc_id", '[ 1, "ping" ]');
await s.step("A rpc() remotesync chat: server confirmed, B not (relayed by the server)", "A", "Game/World", "rpc", '[ "chat", "hi all" ]');
await s.step("A rpc() chat again: both confirmed", "A", "Game/World", "rpc", '[ "chat", "hi again" ]');
await s.step("A rpc_id(B) ping (relayed)", "A", "Game/World", "rpc_id", '[ $B, "ping" ]');
await s.step("A rpc_unreliable() move", "A", "Game/World", "rpc_unreliable", "[ \"move\", Vector2( 1, 2 ) ]");
await s.step("A rpc_unreliable_id(1) move", "A", "Game/World", "rpc_unreliable_id", "[ 1, \"move\", Vector2( 3, 4 ) ]");
await s.step("A rpc_id(1) blob: one PoolByteArray", "A", "Game/World", "rpc_id", "[ 1, \"blob\", PoolByteArray( 1, 2, 3, 255 ) ]");
await s.step("A rpc_id(1) ints", "A", "Game/World", "rpc_id", "[ 1, \"ints\", 0, -1, 127, 128, 300, 100000, 1099511627776, -2147483649 ]");
await s.step("A rpc_id(1) misc types", "A", "Game/World", "rpc_id", '[ 1, "misc", true, false, 1.5, 0.1, "héllo", Vector2( 1, 2 ), Vector3( 1, 2, 3 ), Color( 1, 0, 0, 1 ), [ 1, "a" ], { "a": 1 }, NodePath("Game/World") ]');
await s.step("A rpc_id(1) misc types 2", "A", "Game/World", "rpc_id", '[ 1, "misc", null, "", PoolIntArray( 1, 2 ), PoolStringArray( "ab" ), 2.5, [  ], {  }, PoolRealArray( 0.5 ), Rect2( 1, 2, 3, 4 ), NodePath("/root/Game:position"), PoolByteArray(  ) ]');
await s.step("A rset_id(1) remote var hp", "A", "Game/World", "rset_id", '[ 1, "hp", 5 ]');
await s.step("A rset() hp to all", "A", "Game/World", "rset", '[ "hp", 6 ]');
await s.step("A rset_unreliable_id(1) hp", "A", "Game/World", "rset_unreliable_id", '[ 1, "hp", 7 ]');
await s.step("A rset_unreliable() hp", "A", "Game/World", "rset_unreliable", '[ "hp", 8 ]');
await s.step("server rset() remotesync var level", "server", "Game/World", "rset", '[ "level", 2 ]');
await s.step("server rset() puppet var weather (server is master)", "server", "Game/World", "rset", '[ "weather", "rain" ]');
await s.step("A rset_id(1) master var secret (server is master: allowed)", "A", "Game/World", "rset_id", '[ 1, "secret", 42 ]');
await s.step("A rset_id(1) puppet var weather (server is master: refused)", "A", "Game/World", "rset_id", '[ 1, "weather", "snow" ]');
await s.step("A rpc_id(1) master func to_master (server is master: allowed)", "A", "Game/World", "rpc_id", '[ 1, "to_master", 1 ]');
await s.step("server rpc() puppet func to_puppet (clients are puppets)", "server", "Game/World", "rpc", '[ "to_puppet", 2 ]');
await s.step("A rpc_id(1) puppet func to_puppet (server is master: refused)", "A", "Game/World", "rpc_id", '[ 1, "to_puppet", 3 ]');
await s.step("A rpc() mastersync msync (A calls it locally too; only the master accepts it)", "A", "Game/World", "rpc", '[ "msync", 4 ]');
await s.step("A rpc() puppetsync psync (from a puppet: refused by the master and by B)", "A", "Game/World", "rpc", '[ "psync", 5 ]');
await s.step("server rpc() puppetsync psync", "server", "Game/World", "rpc", '[ "psync", 6 ]');
await s.step("A rpc_id(1) helper (no keyword: refused by the receiver)", "A", "Game/World", "rpc_id", '[ 1, "helper" ]');
await s.step("A rpc() puppet set_pos on its own player (A is its master)", "A", "Game/Players/$A", "rpc", "[ \"set_pos\", Vector2( 3, 4 ) ]");
await s.step("A rset() puppetsync var pos on its own player", "A", "Game/Players/$A", "rset", "[ \"pos\", Vector2( 5, 6 ) ]");
await s.step("B rpc_id(A) greet on A's player (relayed)", "B", "Game/Players/$A", "rpc_id", '[ $A, "greet", "hi A" ]');
await s.step("B rpc() set_pos on A's player (B is not the master)", "B", "Game/Players/$A", "rpc", "[ \"set_pos\", Vector2( 0, 0 ) ]");
await s.step("A rpc_id(A) ping to itself", "A", "Game/World", "rpc_id", '[ $A, "ping" ]');
await s.step("A send_bytes to all (RAW, for comparison)", "A", "@", "send_raw", "[ PoolByteArray( 104, 105 ), 0 ]");

const A = s.peers.A;
await s.stepInject("A calls path-form Game/World ping (no SIMPLIFY_PATH)", "A", "c2s", header(A, 1) + "00" + i32(0x80000000 | 11) + cstr("ping") + "00" + cstr("Game/World"));
await s.stepInject("A calls node #99 (never simplified)", "A", "c2s", header(A, 1) + "00" + i32(99) + cstr("ping") + "00");
await s.stepInject("A calls World (#1) method \"nope\" (does not exist)", "A", "c2s", header(A, 1) + "00" + i32(1) + cstr("nope") + "00");
await s.stepInject("A calls ping with argc 1 and a compressed-style int (Godot 4 form) 02 05", "A", "c2s", header(A, 1) + "00" + i32(1) + cstr("ping") + "01" + "0205");
await s.stepInject("A sends SIMPLIFY_PATH id 7 for Game/World", "A", "c2s", header(A, 1) + "02" + i32(7) + cstr("Game/World"));
await s.stepInject("A calls #7 ping", "A", "c2s", header(A, 1) + "00" + i32(7) + cstr("ping") + "00");
await s.stepInject("A sends a message with a wrong 'from' (B's id)", "A", "c2s", header(s.peers.B, 1) + "00" + i32(1) + cstr("ping") + "00");
await s.stepInject("server sends A a CONFIRM_PATH for a path A never simplified", "A", "s2c", header(1, A) + "03" + cstr("Game/Nope"));
await s.close();

writeFixture(join(OUT, "g3-rpc.json"), s.fixture({
  engine: ENGINE,
  scenario: "rpc",
  description: "Server + clients A, B (Godot 3.2.3, WebSocketServer/WebSocketClient with gd_mp_api = true). Every hex is the whole WebSocket message: 9-byte header [type][from LE32][to LE32] then the MultiplayerAPI packet. Node-path cache, REMOTE_CALL / REMOTE_SET with names, RPC keyword rules, argument encodings, relay. CALL/SET lines in the step logs are what the receiving engine decoded.",
  script: readSources(PROJECT, ["world.gd", "player.gd"]),
}));
process.exit(0);
