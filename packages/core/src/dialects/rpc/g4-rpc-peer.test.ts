import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import type { ClientDialectFactory } from "../../engine/dialect-contract.js";
import { createGodot4Client } from "../godot4-dialect.js";
import { createMemoryPeers, type MemoryPeers } from "../../testing/index.js";
import { createSceneClient } from "../scene/scene-client-dialect.js";
import { createSceneServer } from "../scene/scene-server-dialect.js";
import { encodeRelay } from "../scene/scene-codec.js";
import { Vector2 } from "../variant/vectors.js";
import type { RpcErrorEvent } from "./rpc-registry.js";

/** World as the captured world.gd declares it (ids: Zulu 0, _hidden 1, aim 2, ... state 11). */
const WORLD = {
  rpc: {
    ping: { mode: "any_peer" },
    chat: { mode: "any_peer", callLocal: true, args: ["String"] },
    announce: { mode: "authority", args: ["String"] },
    state: { mode: "authority", callLocal: true, args: ["int"] },
    move: { mode: "any_peer", transferMode: "unreliable", args: ["Vector2"] },
    aim: { mode: "any_peer", transferMode: "unreliable_ordered", channel: 2, args: ["Vector3"] },
    ch1: { mode: "any_peer", channel: 1, args: ["int"] },
    blob: { mode: "any_peer", args: ["PackedByteArray"] },
    ints: { mode: "any_peer" },
    misc: { mode: "any_peer" },
    Zulu: { mode: "any_peer" },
    _hidden: { mode: "any_peer" },
  },
} as const;

/** A plain godot4 client that records what it gets as hex and can put any bytes on the wire (a Godot client). */
const wireClient: ClientDialectFactory = (ctx) => ({ ...createGodot4Client(ctx), put: (_target, data) => ctx.send(data) });

interface World {
  readonly peers: MemoryPeers;
  readonly wire: string[];
  readonly errors: RpcErrorEvent[];
  readonly godot: MultiplayerClient;
}

async function world(): Promise<World> {
  const peers = await createMemoryPeers({ dialect: createSceneServer(true) });
  const [godot] = await peers.connectClients(1, { dialect: wireClient });
  const wire: string[] = [];
  godot!.on("packet", (p) => wire.push(toHex(p.data as Uint8Array).replaceAll(" ", "").toLowerCase()));
  const errors: RpcErrorEvent[] = [];
  peers.server.on("rpc_error", (e) => errors.push(e));
  return { peers, wire, errors, godot: godot! };
}

describe("Godot 4 RPC, server side (bytes of g4-rpc / g4-cache)", () => {
  it("derives world.gd's checksum and ids from the declaration", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD);
    expect(node.checksum).toBe("a30cb737e7b2acafc37806a3ed0c2bb7");
    expect(["Zulu", "_hidden", "aim", "announce", "blob", "ch1", "chat", "ints", "misc", "move", "ping", "state"].map((m) => node.methodId(m as never))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("first call: SIMPLIFY then the path form; after CONFIRM the compact form (g4-rpc#3-5)", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD);
    node.rpc("announce", "hello");
    await w.peers.settle();
    expect(w.wire).toEqual([
      "016133306362373337653762326163616663333738303661336564306332626237000100000047616d652f576f726c6400",
      "20170000800301040000000500000068656c6c6f00000047616d652f576f726c6400",
    ]);
    w.godot.send(fromHex("020101000000"));
    await w.peers.settle();
    node.rpc("announce", "again");
    await w.peers.settle();
    expect(w.wire[2]).toBe("000103010400000005000000616761696e000000");
    expect(w.errors).toEqual([]);
  });

  it("answers SIMPLIFY_PATH with CONFIRM_PATH and runs calls in both forms (g4-rpc#15-18)", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD);
    const seen: string[] = [];
    node.on("ping", (from) => seen.push(`ping ${from}`));
    node.on("move", (from, v) => seen.push(`move ${from} ${v.x},${v.y}`));
    const a = w.godot.getUniqueId();
    w.godot.send(fromHex("016133306362373337653762326163616663333738303661336564306332626237000100000047616d652f576f726c6400"));
    w.godot.send(fromHex("a0060000800a47616d652f576f726c6400"));
    w.godot.send(fromHex("80010a"));
    w.godot.send(fromHex("00010901050000000000803f00000040"));
    await w.peers.settle();
    expect(w.wire).toEqual(["020101000000"]);
    expect(seen).toEqual([`ping ${a}`, `ping ${a}`, `move ${a} 1,2`]);
    expect(w.errors).toEqual([]);
  });

  it("refuses what Godot refuses, with rpc_error codes (g4-errors)", async () => {
    const w = await world();
    const node = w.peers.server.node("Game/World", WORLD);
    const ran: string[] = [];
    node.on("announce", () => ran.push("announce"));
    node.on("ch1", (_f, n) => ran.push(`ch1 ${String(n)}`));
    w.godot.send(fromHex("016133306362373337653762326163616663333738303661336564306332626237000100000047616d652f576f726c6400"));
    for (const hex of ["00010301040000000100000078000000", "8001c8", "80630a", "00", "30010a", "00010501040000000400000066697665", "000105014201", "000105010200000007000000"]) w.godot.send(fromHex(hex));
    await w.peers.settle();
    expect(w.errors.map((e) => e.code)).toEqual([
      "WSMP_ERR_RPC_NOT_ALLOWED",
      "WSMP_ERR_RPC_UNKNOWN_METHOD",
      "WSMP_ERR_RPC_UNKNOWN_NODE",
      "WSMP_ERR_RPC_MALFORMED",
      "WSMP_ERR_RPC_MALFORMED",
      "WSMP_ERR_RPC_ARGUMENTS",
      "WSMP_ERR_RPC_ARGUMENTS",
    ]);
    expect(ran).toEqual(["ch1 0"]); // a full int Variant reads as the 8-bit int 0, as in Godot (g4-errors#26)
  });

  it("a scene client calls the server and gets answers (TypeScript on both sides)", async () => {
    const peers = await createMemoryPeers({ dialect: createSceneServer(true) });
    const server = peers.server.node("Game/World", WORLD);
    server.on("move", (from, v) => server.rpcId(from, "announce", `at ${v.x},${v.y}`));
    const client = peers.client({ dialect: createSceneClient(true) });
    const mine = client.node("Game/World", WORLD);
    const got: string[] = [];
    mine.on("announce", (from, text) => got.push(`${from}: ${text}`));
    const connected = client.connect();
    await peers.settle();
    await connected;
    for (let i = 0; i < 3; i++) mine.rpcId(1, "move", new Vector2(i, 2));
    await peers.settle();
    expect(got).toEqual(["1: at 0,2", "1: at 1,2", "1: at 2,2"]);
  });

  it("forwards calls between clients unchanged and leaves them to the clients", async () => {
    const w = await world();
    w.peers.server.node("Game/World", WORLD);
    const [b] = await w.peers.connectClients(1, { dialect: wireClient });
    const toB: string[] = [];
    b!.on("packet", (p) => toB.push(toHex(p.data as Uint8Array)));
    await w.peers.settle();
    toB.length = 0;
    w.godot.send(encodeRelay(b!.getUniqueId(), fromHex("000105010205")));
    await w.peers.settle();
    expect(toB).toEqual([toHex(encodeRelay(w.godot.getUniqueId(), fromHex("000105010205")))]);
    expect(w.errors).toEqual([]);
  });
});
