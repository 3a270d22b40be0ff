import { type CloseInfo, createClient, type MultiplayerClient } from "@wsmp/adapter-node";
import { createRedisCluster } from "@wsmp/cluster-redis";
import { afterEach, describe, expect, it } from "vitest";
import { killAllNodes, type NodeProcess, startNode } from "./support/node-process.js";
import { killAllRedis, type RedisProcess, startRedis } from "./support/redis-server.js";
import { until } from "./support/wait.js";

const LEASE = 1500;
const clients: MultiplayerClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await killAllNodes();
  await killAllRedis();
});

function client(url: string): MultiplayerClient {
  const c = createClient(url, undefined, { dialect: "godot3" });
  clients.push(c);
  return c;
}

async function threeNodes(redis: RedisProcess): Promise<NodeProcess[]> {
  return Promise.all(["a", "b", "c"].map((nodeId) => startNode({ redis: redis.url, nodeId, leaseMs: LEASE, dialect: "godot3" })));
}

const text = (data: Uint8Array | string): string => (typeof data === "string" ? data : new TextDecoder().decode(data));

/** Packets `c` holds now, as "from:text". */
function drain(c: MultiplayerClient): string[] {
  const out: string[] = [];
  for (let p = c.receive(); p; p = c.receive()) out.push(`${p.from}:${text(p.data)}`);
  return out;
}

describe("a cluster of three nodes on one Redis", () => {
  it("wsmp clients of one session spread over the three nodes see each other and exchange packets with every routing; the owner runs the relay", async () => {
    const redis = await startRedis();
    const [a, b, c] = await threeNodes(redis);
    // The first join creates the session on the node it reached (a); the others are bridged.
    const onA = client(`${a!.url}/arena`);
    const idA = await onA.connect();
    const onB = client(`${b!.url}/arena`);
    const onC = client(`${c!.url}/arena`);
    const [idB, idC] = await Promise.all([onB.connect(), onC.connect()]);
    const all = [onA, onB, onC];
    await until(() => all.every((x) => x.peers.length === 3), 10_000, "every client to see the other two and the server");
    for (const x of all) expect(new Set(x.peers)).toEqual(new Set([1, idA, idB, idC].filter((id) => id !== x.getUniqueId())));
    // Every join reached the owner: ids from one id space, peer events on node a only.
    // b and c join at the same time, so only a's place (first) is fixed. Node a reports its
    // events over its own pipe, which may lag behind what the clients already saw.
    for (const id of [idB, idC]) await a!.waitFor((e) => e.ev === "+" && e.id === id, 5000, `the join of ${id}`);
    const joins = a!.events.filter((e) => e.ev === "+").map((e) => e.id);
    expect(joins[0]).toBe(idA);
    expect([...joins].sort()).toEqual([idA, idB, idC].sort());
    expect(b!.events.concat(c!.events).some((e) => e.ev === "+")).toBe(false);
    expect(b!.events.concat(c!.events).some((e) => e.ev === "session")).toBe(false);

    onB.send("broadcast from b", 0);
    onC.send("only to a", idA);
    onA.send("all but c", -idC);
    onC.send("to the server", 1);
    a!.command({ op: "send", session: "arena", to: idB, text: "server to b" });
    await until(() => onA.getAvailablePacketCount() === 2 && onB.getAvailablePacketCount() === 2 && onC.getAvailablePacketCount() === 1, 10_000, "the packets");
    expect(drain(onA).sort()).toEqual([`${idB}:broadcast from b`, `${idC}:only to a`].sort());
    expect(drain(onB).sort()).toEqual([`${idA}:all but c`, "1:server to b"].sort());
    expect(drain(onC)).toEqual([`${idB}:broadcast from b`]);
    await a!.waitFor((e) => e.ev === "packet" && e.text === "to the server" && e.from === idC, 5000, "the packet to the server");
    await a!.waitFor((e) => e.ev === "packet" && e.text === "broadcast from b", 5000, "the broadcast at the server");

    // The directory lists the session with its owner and peers (within one renewal).
    const lobby = await createRedisCluster({ redis: redis.url, nodeId: "lobby", log: () => undefined });
    let listed: unknown = undefined;
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      listed = await lobby.sessions();
      if (JSON.stringify(listed) === JSON.stringify([{ name: "arena", owner: "a", peers: 3 }])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed).toEqual([{ name: "arena", owner: "a", peers: 3 }]);
    await lobby.close();
  });

  it("SIGKILL of the owner: its own clients see 1006, bridged clients get 4100 once its lease expires, and the session is created again elsewhere", async () => {
    const redis = await startRedis();
    const [a, b, c] = await threeNodes(redis);
    const onA = client(`${a!.url}/arena`);
    await onA.connect();
    const onB = client(`${b!.url}/arena`);
    const onC = client(`${c!.url}/arena`);
    await Promise.all([onB.connect(), onC.connect()]);
    await until(() => [onA, onB, onC].every((x) => x.peers.length === 3), 10_000, "the session");
    const closes = new Map<MultiplayerClient, CloseInfo>();
    for (const x of [onA, onB, onC]) x.on("server_disconnected", (info) => closes.set(x, info));
    const killedAt = Date.now();
    await a!.kill();
    await until(() => closes.size === 3, LEASE * 4, "every client to see the end");
    expect(closes.get(onA)).toMatchObject({ code: 1006, wasClean: false });
    expect(closes.get(onB)).toMatchObject({ code: 4100, reason: "Session owner lost", wasClean: true });
    expect(closes.get(onC)).toMatchObject({ code: 4100, reason: "Session owner lost" });
    expect(Date.now() - killedAt).toBeLessThan(LEASE * 3);
    await b!.waitFor((e) => e.ev === "log" && String(e.line).includes("node a is gone"), 1000, "b's log line");
    // The name is free again: the next join creates it on the node it reaches (c), and b bridges to it.
    const again = client(`${c!.url}/arena`);
    const id = await again.connect();
    await c!.waitFor((e) => e.ev === "+" && e.session === "arena" && e.id === id, 5000, "the new session on c");
    const viaB = client(`${b!.url}/arena`);
    await viaB.connect();
    await until(() => again.peers.length === 2 && viaB.peers.length === 2, 5000, "the new session's peers");
  });

  it("runs on Bun too: a node on Bun.serve and a node on Node bridge one session both ways", async () => {
    const redis = await startRedis();
    const onBun = await startNode({ redis: redis.url, nodeId: "bun", leaseMs: LEASE, dialect: "godot3", runtime: "bun" });
    const onNode = await startNode({ redis: redis.url, nodeId: "node", leaseMs: LEASE, dialect: "godot3" });
    const owned = client(`${onBun.url}/mixed`); // created on the Bun node
    const idOwned = await owned.connect();
    const bridged = client(`${onNode.url}/mixed`);
    const idBridged = await bridged.connect();
    await onBun.waitFor((e) => e.ev === "+" && e.id === idBridged, 5000, "the bridged join on the Bun node");
    await until(() => owned.peers.length === 2 && bridged.peers.length === 2, 5000, "the session");
    bridged.send("to the bun side", idOwned);
    owned.send("to the node side", idBridged);
    await until(() => owned.getAvailablePacketCount() === 1 && bridged.getAvailablePacketCount() === 1, 5000, "both packets");
    expect(drain(owned)).toEqual([`${idBridged}:to the bun side`]);
    expect(drain(bridged)).toEqual([`${idOwned}:to the node side`]);
  });

  it("a clean shutdown closes the node's sessions first (1000 to local and bridged peers), releases them, and its bridged clients of other owners get 1001", async () => {
    const redis = await startRedis();
    const [a, b] = await Promise.all(["a", "b"].map((nodeId) => startNode({ redis: redis.url, nodeId, leaseMs: LEASE, dialect: "godot3" })));
    const owned = client(`${a!.url}/on-a`);
    await owned.connect();
    const bridgedIn = client(`${b!.url}/on-a`);
    await bridgedIn.connect();
    const other = client(`${b!.url}/on-b`);
    await other.connect();
    const bridgedOut = client(`${a!.url}/on-b`);
    await bridgedOut.connect();
    await until(() => owned.peers.length === 2 && other.peers.length === 2, 5000, "both sessions");
    await a!.stop();
    expect((await owned.whenClosed).code).toBe(1000);
    expect((await bridgedIn.whenClosed).code).toBe(1000);
    expect((await bridgedOut.whenClosed).code).toBe(1001);
    // on-b lives on: its other peer saw the bridged one leave; on-a can be created on b at once.
    await until(() => other.peers.length === 1, 5000, "on-b to lose its bridged peer");
    const recreated = client(`${b!.url}/on-a`);
    const id = await recreated.connect();
    await b!.waitFor((e) => e.ev === "+" && e.session === "on-a" && e.id === id, 5000, "on-a recreated on b");
  });
});
