import { describe, expect, it } from "vitest";
import { writeI32 } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import type { ClientDialectFactory } from "../../engine/dialect-contract.js";
import { createMemoryPeers, type MemoryPeers } from "../../testing/index.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message } from "../godot3-dialect.js";
import { createGodot4Client } from "../godot4-dialect.js";
import { createSceneServer } from "../scene/scene-server-dialect.js";
import { encodeConfirmPath, encodeRemoteCall4, encodeSimplifyPath } from "./g4-rpc-codec.js";
import { encodeRemoteCall3, encodeSimplifyPath3 } from "./g3-rpc-codec.js";
import { RPC_PATH_CACHE_LIMIT } from "./rpc-peer-base.js";
import type { RpcNode } from "../../api/rpc-node.js";
import type { RpcErrorEvent } from "./rpc-registry.js";
import { REPLICATION_NODE_LIMIT, type DespawnEvent, type SpawnEvent, type SyncEvent } from "./replication-watch.js";
import { cString } from "./rpc-wire.js";

/**
 * The two fixed limits of the RPC layer, driven to the limit and one past it with generated
 * packets from a client that writes wire bytes (as a Godot peer would):
 * - `RPC_PATH_CACHE_LIMIT`: cache ids one peer may register with SIMPLIFY_PATH; past it the
 *   SIMPLIFY is refused (`rpc_error` WSMP_ERR_RPC_CACHE, no CONFIRM) and the path form still works.
 * - `REPLICATION_NODE_LIMIT`: spawned nodes remembered per peer to name sync records; past it
 *   SPAWN is still reported, but its syncs and DESPAWN carry no name.
 */

const hex = (data: Uint8Array): string => [...data].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Clients that put the given bytes on the wire unchanged. */
const wire4: ClientDialectFactory = (ctx) => ({ ...createGodot4Client(ctx), put: (_target, data) => ctx.send(data) });
const wire3: ClientDialectFactory = (ctx) => ({ ...createGodot3Client(ctx), put: (_target, data) => ctx.send(data) });

const NODE = { rpc: { ping: { mode: "any_peer" } } } as const;
const NODE3 = { rpc: { ping: { mode: "remote" } } } as const;

interface Bench {
  readonly peers: MemoryPeers;
  /** Game/World on the server, with one method, ping. */
  readonly world: RpcNode<{ ping: [] }>;
  /** Senders of the pings that ran. */
  readonly calls: number[];
  readonly godot: MultiplayerClient;
  /** What the server sent this client, as hex. */
  readonly received: string[];
  readonly errors: RpcErrorEvent[];
  /** Sends every packet, a batch at a time (each batch fits the outbound limits). */
  flood(packets: Iterable<Uint8Array>): Promise<void>;
}

async function bench(version: 3 | 4): Promise<Bench> {
  const peers = await createMemoryPeers({ dialect: version === 4 ? createSceneServer(true) : createGodot3Server });
  const [godot] = await peers.connectClients(1, { dialect: version === 4 ? wire4 : wire3 });
  const received: string[] = [];
  godot!.on("packet", (p) => received.push(hex(p.data as Uint8Array)));
  const errors: RpcErrorEvent[] = [];
  peers.server.on("rpc_error", (e) => errors.push(e));
  const world = peers.server.node<{ ping: [] }>("Game/World", version === 4 ? NODE : NODE3);
  const calls: number[] = [];
  world.on("ping", (from) => calls.push(from));
  const id = godot!.getUniqueId();
  return {
    peers,
    world,
    calls,
    godot: godot!,
    received,
    errors,
    async flood(packets) {
      let sent = 0;
      for (const packet of packets) {
        godot!.send(version === 4 ? packet : encodeGodot3Message(0, id, 1, packet));
        if (++sent % 1000 === 0) await peers.settle();
      }
      await peers.settle();
    },
  };
}

/** SIMPLIFY_PATH for undeclared paths `Game/N<id>`, ids `from` to `to`. */
function* simplifyMany(version: 3 | 4, from: number, to: number): Generator<Uint8Array> {
  for (let id = from; id <= to; id++) yield version === 4 ? encodeSimplifyPath("0".repeat(32), id, `Game/N${id}`) : encodeSimplifyPath3(id, `Game/N${id}`);
}

describe(`RPC_PATH_CACHE_LIMIT (${RPC_PATH_CACHE_LIMIT} path-cache ids per peer)`, () => {
  it("Godot 4: the last id that fits is confirmed and used by compact calls", async () => {
    const b = await bench(4);
    const { world, calls } = b;
    await b.flood(simplifyMany(4, 1, RPC_PATH_CACHE_LIMIT - 1));
    expect(b.received).toEqual([]); // undeclared paths are registered, not confirmed
    await b.flood([encodeSimplifyPath(world.checksum, RPC_PATH_CACHE_LIMIT, "Game/World")]);
    await b.flood([encodeRemoteCall4({ kind: "compact", id: RPC_PATH_CACHE_LIMIT }, world.methodId("ping"), [])]);
    expect(b.received).toEqual([hex(encodeConfirmPath(true, RPC_PATH_CACHE_LIMIT))]);
    expect(calls).toEqual([b.godot.getUniqueId()]);
    expect(b.errors).toEqual([]);
  });

  it("Godot 4: one id past it is refused with WSMP_ERR_RPC_CACHE and no CONFIRM; the path form still runs", async () => {
    const b = await bench(4);
    const { world, calls } = b;
    await b.flood(simplifyMany(4, 1, RPC_PATH_CACHE_LIMIT));
    const past = RPC_PATH_CACHE_LIMIT + 1;
    await b.flood([
      encodeSimplifyPath(world.checksum, past, "Game/World"),
      encodeRemoteCall4({ kind: "compact", id: past }, world.methodId("ping"), []),
      encodeRemoteCall4({ kind: "path", path: "Game/World" }, world.methodId("ping"), []),
      // An id already in the table is a duplicate, not a new entry: refused as in Godot, whatever the count.
      encodeSimplifyPath(world.checksum, 1, "Game/World"),
    ]);
    expect(b.received).toEqual([]);
    expect(calls).toEqual([b.godot.getUniqueId()]);
    expect(b.errors.map((e) => [e.code, e.message])).toEqual([
      ["WSMP_ERR_RPC_CACHE", `peer ${b.godot.getUniqueId()} registered ${RPC_PATH_CACHE_LIMIT} paths already`],
      ["WSMP_ERR_RPC_UNKNOWN_NODE", `cache id ${past} is not in the table of peer ${b.godot.getUniqueId()}`],
      ["WSMP_ERR_RPC_CACHE", `duplicate cache id 1 from peer ${b.godot.getUniqueId()} (it stays "Game/N1")`],
    ]);
    // The limit is per peer: another client registers its own ids.
    const [other] = await b.peers.connectClients(1, { dialect: wire4 });
    const toOther: string[] = [];
    other!.on("packet", (p) => toOther.push(hex(p.data as Uint8Array)));
    await b.peers.settle();
    toOther.length = 0; // ADD_PEER of the first client
    other!.send(encodeSimplifyPath(world.checksum, past, "Game/World"));
    await b.peers.settle();
    expect(toOther).toEqual([hex(encodeConfirmPath(true, past))]);
  });

  it("Godot 3: at the limit an id is confirmed and a known id may be replaced; a new id past it is refused", async () => {
    const b = await bench(3);
    const { calls } = b;
    await b.flood(simplifyMany(3, 1, RPC_PATH_CACHE_LIMIT - 1));
    await b.flood([encodeSimplifyPath3(RPC_PATH_CACHE_LIMIT, "Game/World"), encodeRemoteCall3({ kind: "compact", id: RPC_PATH_CACHE_LIMIT }, "ping", [])]);
    const confirm = hex(Uint8Array.of(3, ...cString("Game/World")));
    expect(b.received).toEqual([confirm]); // the payload, after the 9-byte header
    expect(calls).toHaveLength(1);
    // Full: a new id is refused, a known one is replaced (Godot 3 overwrites) and used.
    await b.flood([
      encodeSimplifyPath3(RPC_PATH_CACHE_LIMIT + 1, "Game/World"),
      encodeSimplifyPath3(1, "Game/World"),
      encodeRemoteCall3({ kind: "compact", id: 1 }, "ping", []),
      encodeRemoteCall3({ kind: "compact", id: RPC_PATH_CACHE_LIMIT + 1 }, "ping", []),
    ]);
    expect(b.received).toHaveLength(2);
    expect(calls).toHaveLength(2);
    expect(b.errors.map((e) => e.code)).toEqual(["WSMP_ERR_RPC_CACHE", "WSMP_ERR_RPC_UNKNOWN_NODE"]);
  });
});

/** SPAWN from spawner cache id 1: net id `netId`, one synchronizer with net id `netId + 0x100000`. */
function spawn(netId: number): Uint8Array {
  const name = cString(`Mob${netId}`);
  const out = new Uint8Array(22 + name.length);
  out[0] = 4;
  out[1] = 0; // scene index
  writeI32(out, 2, 1);
  writeI32(out, 6, netId);
  writeI32(out, 10, 1);
  writeI32(out, 14, name.length);
  writeI32(out, 18, syncOf(netId));
  out.set(name, 22);
  return out;
}

const syncOf = (netId: number): number => netId + 0x100000;

/** A SYNC (time 1) with one record for `syncNetId`, holding the compressed int 7. */
function sync(syncNetId: number): Uint8Array {
  const out = Uint8Array.of(6, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 7);
  writeI32(out, 3, syncNetId);
  return out;
}

const despawn = (netId: number): Uint8Array => {
  const out = Uint8Array.of(5, 0, 0, 0, 0);
  writeI32(out, 1, netId);
  return out;
};

describe(`REPLICATION_NODE_LIMIT (${REPLICATION_NODE_LIMIT} spawned nodes per peer)`, () => {
  async function spawned(count: number): Promise<{ b: Bench; spawns: SpawnEvent[]; syncs: SyncEvent[]; despawns: DespawnEvent[] }> {
    const b = await bench(4);
    const spawns: SpawnEvent[] = [];
    const syncs: SyncEvent[] = [];
    const despawns: DespawnEvent[] = [];
    b.peers.server.on("spawned", (e) => spawns.push(e));
    b.peers.server.on("synchronized", (e) => syncs.push(e));
    b.peers.server.on("despawned", (e) => despawns.push(e));
    await b.flood([encodeSimplifyPath("d41d8cd98f00b204e9800998ecf8427e", 1, "Game/Spawner")]);
    await b.flood(
      (function* () {
        for (let netId = 1; netId <= count; netId++) yield spawn(netId);
      })(),
    );
    return { b, spawns, syncs, despawns };
  }

  it("the last node that fits is remembered: its syncs and DESPAWN name it", async () => {
    const { b, spawns, syncs, despawns } = await spawned(REPLICATION_NODE_LIMIT);
    expect(spawns).toHaveLength(REPLICATION_NODE_LIMIT);
    expect(spawns.at(-1)).toMatchObject({ spawner: "Game/Spawner", netId: REPLICATION_NODE_LIMIT, name: `Mob${REPLICATION_NODE_LIMIT}` });
    await b.flood([sync(syncOf(REPLICATION_NODE_LIMIT)), despawn(REPLICATION_NODE_LIMIT)]);
    expect(syncs).toEqual([{ from: b.godot.getUniqueId(), netId: syncOf(REPLICATION_NODE_LIMIT), time: 1, mask: undefined, path: undefined, name: `Mob${REPLICATION_NODE_LIMIT}`, values: [7] }]);
    expect(despawns).toEqual([{ from: b.godot.getUniqueId(), netId: REPLICATION_NODE_LIMIT, name: `Mob${REPLICATION_NODE_LIMIT}`, spawner: "Game/Spawner" }]);
    expect(b.errors).toEqual([]);
  });

  it("one node past it is still reported as spawned, but its syncs and DESPAWN carry no name; a DESPAWN frees a place", async () => {
    const { b, spawns, syncs, despawns } = await spawned(REPLICATION_NODE_LIMIT + 1);
    const past = REPLICATION_NODE_LIMIT + 1;
    expect(spawns).toHaveLength(past);
    expect(spawns.at(-1)).toMatchObject({ spawner: "Game/Spawner", netId: past, name: `Mob${past}`, syncNetIds: [syncOf(past)] });
    await b.flood([sync(syncOf(past)), sync(syncOf(1)), despawn(past)]);
    expect(syncs.map((e) => [e.netId, e.name])).toEqual([
      [syncOf(past), undefined],
      [syncOf(1), "Mob1"],
    ]);
    expect(despawns).toEqual([{ from: b.godot.getUniqueId(), netId: past, name: undefined, spawner: undefined }]);
    // Node 1 leaves: the next spawn is remembered again.
    await b.flood([despawn(1), spawn(past + 1), sync(syncOf(past + 1))]);
    expect(syncs.at(-1)).toMatchObject({ netId: syncOf(past + 1), name: `Mob${past + 1}` });
    expect(b.errors).toEqual([]);
  });
});
