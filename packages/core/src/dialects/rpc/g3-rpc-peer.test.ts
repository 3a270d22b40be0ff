import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import type { ClientDialectFactory } from "../../engine/dialect-contract.js";
import { createMemoryPeers, type MemoryPeers } from "../../testing/index.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message } from "../godot3-dialect.js";
import { Vector2 } from "../variant/vectors.js";
import { canCall3, localCall3 } from "./g3-rpc-peer.js";
import type { RpcErrorEvent } from "./rpc-registry.js";

/** World as the captured Godot 3 world.gd declares it. */
const WORLD3 = {
  rpc: {
    ping: { mode: "remote" },
    chat: { mode: "remotesync", args: ["String"] },
    to_master: { mode: "master", args: ["int"] },
    to_puppet: { mode: "puppet", args: ["int"] },
    msync: { mode: "mastersync", args: ["int"] },
    psync: { mode: "puppetsync", args: ["int"] },
    move: { mode: "remote", args: ["Vector2"] },
  },
  rset: { hp: { mode: "remote", type: "int" }, weather: { mode: "puppet", type: "String" }, secret: { mode: "master" } },
} as const;

const hex = (data: Uint8Array): string => toHex(data).replaceAll(" ", "").toLowerCase();

/** A godot3 client that puts raw payloads on the wire with its own header (a Godot 3 client). */
const wireClient: ClientDialectFactory = (ctx) => ({ ...createGodot3Client(ctx), put: (_target, data) => ctx.send(data) });

interface World {
  readonly peers: MemoryPeers;
  readonly godot: MultiplayerClient;
  readonly wire: string[];
  readonly errors: RpcErrorEvent[];
  /** Sends a payload from the Godot client to `to`. */
  send(payload: string, to?: number): void;
}

async function world(): Promise<World> {
  const peers = await createMemoryPeers({ dialect: createGodot3Server });
  const [godot] = await peers.connectClients(1, { dialect: wireClient });
  const wire: string[] = [];
  godot!.on("packet", (p) => wire.push(hex(p.data as Uint8Array)));
  const errors: RpcErrorEvent[] = [];
  peers.server.on("rpc_error", (e) => errors.push(e));
  return { peers, godot: godot!, wire, errors, send: (payload, to = 1) => godot!.send(encodeGodot3Message(0, godot!.getUniqueId(), to, fromHex(payload))) };
}

describe("Godot 3 modes (g3-rpc#23-35)", () => {
  it("who may call: remote anyone, master on the master, puppet from the master on a puppet", () => {
    expect([canCall3("remote", false, 5, 1), canCall3("remotesync", true, 5, 1)]).toEqual([true, true]);
    expect([canCall3("master", true, 5, 1), canCall3("mastersync", false, 5, 1)]).toEqual([true, false]);
    expect([canCall3("puppet", false, 1, 1), canCall3("puppet", false, 5, 1), canCall3("puppetsync", true, 1, 1)]).toEqual([true, false, false]);
  });

  it("what runs here: *sync always, master only on the master (not sent), puppet on a puppet", () => {
    expect(localCall3("remote", true)).toEqual([false, false]);
    expect(localCall3("remotesync", false)).toEqual([true, false]);
    expect(localCall3("mastersync", true)).toEqual([true, true]);
    expect(localCall3("master", true)).toEqual([true, true]);
    expect(localCall3("master", false)).toEqual([false, false]);
    expect(localCall3("puppet", false)).toEqual([true, false]);
  });
});

describe("Godot 3 RPC on a wsmp server (bytes of g3-rpc)", () => {
  it("confirms SIMPLIFY_PATH by path and runs calls and sets by name, cached and path form", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD3);
    const seen: string[] = [];
    node.on("ping", (from) => seen.push(`ping ${from}`));
    node.on("chat", (from, text) => seen.push(`chat ${from} ${text}`));
    node.on("move", (from, v) => seen.push(`move ${from} ${v.x},${v.y}`));
    node.onSet("hp", (from, v) => seen.push(`hp ${from} ${String(v)}`));
    const a = w.godot.getUniqueId();
    w.send("020100000047616d652f576f726c6400"); // SIMPLIFY id 1 Game/World (#15)
    w.send("000b00008070696e67000047616d652f576f726c6400"); // path form ping (#16, #38)
    w.send("000100000070696e670000"); // #1 ping (#18)
    w.send("00010000006368617400010400000006000000686920616c6c0000", 0); // chat "hi all" to everyone (#20)
    w.send("0001000000" + "6d6f76650001050000000000803f00000040"); // move Vector2(1, 2) (#30)
    w.send("01010000006870000200000005000000"); // rset hp = 5 (#37)
    await w.peers.settle();
    expect(w.wire).toEqual(["0347616d652f576f726c6400"]); // CONFIRM_PATH by path (#17), payload after the header
    expect(seen).toEqual([`ping ${a}`, `ping ${a}`, `chat ${a} hi all`, `move ${a} 1,2`, `hp ${a} 5`]);
    expect(w.errors).toEqual([]);
  });

  it("refuses by mode, unknown names, unknown ids and Godot 4 arguments (g3-rpc#24, #27, #39-41)", async () => {
    const w = await world();
    w.peers.server.node("Game/World", WORLD3);
    w.send("020100000047616d652f576f726c6400");
    w.send("010100000077656174686572000400000004000000736e6f77"); // rset weather (puppet; server is master)
    w.send("0001000000746f5f70757070657400010200000003000000"); // to_puppet
    w.send("0001000000746f5f6d617374657200010200000001000000"); // to_master: allowed
    w.send("00010000006e6f70650000"); // "nope"
    w.send("006300000070696e670000"); // #99
    w.send("000100000070696e6700010205"); // a Godot 4 compressed int
    await w.peers.settle();
    expect(w.errors.map((e) => e.code)).toEqual([
      "WSMP_ERR_RPC_NOT_ALLOWED",
      "WSMP_ERR_RPC_NOT_ALLOWED",
      "WSMP_ERR_RPC_UNKNOWN_METHOD",
      "WSMP_ERR_RPC_UNKNOWN_NODE",
      "WSMP_ERR_RPC_ARGUMENTS",
    ]);
  });

  it("sends SIMPLIFY and the path form per peer, then one message to all once confirmed (g3-rpc#7-14)", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD3);
    const local: string[] = [];
    node.on("chat", (from, text) => local.push(`${from} ${text}`));
    node.rpc("chat", "hello");
    await w.peers.settle();
    expect(w.wire).toEqual(["020100000047616d652f576f726c6400", "001b000080636861740001040000000500000068656c6c6f00000047616d652f576f726c6400"]);
    w.send("0347616d652f576f726c6400");
    await w.peers.settle();
    node.rpc("chat", "again");
    await w.peers.settle();
    expect(w.wire[2]).toBe("00010000006368617400010400000005000000616761696e000000");
    expect(local).toEqual(["1 hello", "1 again"]); // remotesync runs here too
  });

  it("a TypeScript client and server: rpc, rset, master/puppet rules", async () => {
    const peers = await createMemoryPeers({ dialect: createGodot3Server });
    const server = peers.server.node("Game/World", WORLD3);
    const got: string[] = [];
    server.on("move", (from, v) => server.rpcId(from, "to_puppet", Math.round(v.x + v.y)));
    const client = peers.client({ dialect: createGodot3Client });
    const mine = client.node("Game/World", WORLD3);
    mine.on("to_puppet", (from, n) => got.push(`to_puppet ${from} ${String(n)}`));
    mine.onSet("weather", (from, v) => got.push(`weather ${from} ${v}`));
    const connected = client.connect();
    await peers.settle();
    await connected;
    mine.rpcId(1, "move", new Vector2(2, 3));
    server.rset("weather", "rain");
    await peers.settle();
    expect(got.sort()).toEqual(["to_puppet 1 5", "weather 1 rain"]);
    expect(() => mine.rpcId(client.getUniqueId(), "ping")).toThrow(/not allowed/);
  });
});
