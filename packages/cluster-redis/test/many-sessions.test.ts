import { createClient, type MultiplayerClient } from "@wsmp/adapter-node";
import { afterEach, describe, expect, it } from "vitest";
import { killAllNodes, startNode } from "./support/node-process.js";
import { killAllRedis, startRedis } from "./support/redis-server.js";
import { until } from "./support/wait.js";

const SESSIONS = 20;
const PEERS = 10;
const PACKETS = 10;
const clients: MultiplayerClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await killAllNodes();
  await killAllRedis();
});

describe("20 sessions over 3 nodes, 10 peers each", () => {
  it("every peer gets every other peer's broadcasts of its own session, none lost, none reordered, none from another session", async () => {
    const redis = await startRedis();
    const nodes = await Promise.all(["a", "b", "c"].map((nodeId) => startNode({ redis: redis.url, nodeId, leaseMs: 3000, dialect: "godot3" })));
    // Peer p of session s connects to node (s + p) % 3: each session's peers are spread over all three.
    const sessions: MultiplayerClient[][] = [];
    for (let s = 0; s < SESSIONS; s++) {
      const first = createClient(`${nodes[s % 3]!.url}/s${s}`, undefined, { dialect: "godot3" });
      clients.push(first);
      await first.connect(); // the first join creates the session on its node
      const rest = Array.from({ length: PEERS - 1 }, (_, p) => createClient(`${nodes[(s + p + 1) % 3]!.url}/s${s}`, undefined, { dialect: "godot3" }));
      clients.push(...rest);
      await Promise.all(rest.map((c) => c.connect()));
      sessions.push([first, ...rest]);
    }
    await until(() => sessions.every((peers) => peers.every((c) => c.peers.length === PEERS)), 20_000, "every peer to see its session");
    // Each node reports its events over its own pipe, which may lag behind what the clients saw.
    const ownersNow = (): Set<string> => new Set(nodes.flatMap((n) => n.events.filter((e) => e.ev === "session").map((e) => `${n.id}:${String(e.session)}`)));
    await until(() => ownersNow().size >= SESSIONS, 5000, "every node's session events");
    const owners = ownersNow();
    expect(owners.size).toBe(SESSIONS);
    for (const n of nodes) expect([...owners].filter((o) => o.startsWith(`${n.id}:`)).length).toBeGreaterThanOrEqual(6);

    const got = new Map<MultiplayerClient, Map<number, number[]>>();
    const foreign: string[] = [];
    sessions.forEach((peers, s) => {
      for (const c of peers) {
        const seen = new Map<number, number[]>();
        got.set(c, seen);
        c.on("packet", (packet) => {
          const [session, seq] = new TextDecoder().decode(packet.data as Uint8Array).split(":");
          if (session !== `s${s}`) foreign.push(`${session} in s${s}`);
          (seen.get(packet.from) ?? seen.set(packet.from, []).get(packet.from)!).push(Number(seq));
        });
      }
    });
    for (let i = 0; i < PACKETS; i++) for (const [s, peers] of sessions.entries()) for (const c of peers) c.send(new TextEncoder().encode(`s${s}:${i}`), 0);
    const expected = Array.from({ length: PACKETS }, (_, i) => i);
    const complete = (): boolean => [...got.values()].every((seen) => seen.size === PEERS - 1 && [...seen.values()].every((list) => list.length === PACKETS));
    await until(complete, 30_000, "every packet");
    expect(foreign).toEqual([]);
    for (const [c, seen] of got) {
      expect(seen.has(c.getUniqueId())).toBe(false);
      for (const list of seen.values()) expect(list).toEqual(expected);
    }
  });
});
