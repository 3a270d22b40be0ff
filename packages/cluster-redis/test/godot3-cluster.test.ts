import { createClient, type MultiplayerClient } from "@wsmp/adapter-node";
import { afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { godotOutput, killAllGodot, requireGodot3, runGodot } from "../../interop-godot3/test/godot.js";
import { killAllNodes, startNode } from "./support/node-process.js";
import { killAllRedis, startRedis } from "./support/redis-server.js";
import { until } from "./support/wait.js";

const LEASE = 1500;
const clients: MultiplayerClient[] = [];

beforeAll(() => {
  requireGodot3();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await killAllGodot();
  await killAllNodes();
  await killAllRedis();
});

function wsmp(url: string): MultiplayerClient {
  const c = createClient(url, undefined, { dialect: "godot3" });
  clients.push(c);
  return c;
}

const texts = (c: MultiplayerClient): string[] => {
  const out: string[] = [];
  for (let p = c.receive(); p; p = c.receive()) out.push(`${p.from} ${new TextDecoder().decode(p.data as Uint8Array)}`);
  return out;
};

describe("Godot 3.2.3 and wsmp clients of one session spread over three cluster nodes", () => {
  it("see each other, exchange packets with every routing, and see the owner's SIGKILL", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const redis = await startRedis();
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((nodeId) => startNode({ redis: redis.url, nodeId, leaseMs: LEASE, dialect: "godot3" })));
    const w1 = wsmp(`${a!.url}/arena`); // creates the session on a
    const id1 = await w1.connect();
    const g1 = runGodot("cluster_client.gd", { url: `${b!.url}/arena` }, 40_000);
    const g2 = runGodot("cluster_client.gd", { url: `${c!.url}/arena` }, 40_000);
    const w2 = wsmp(`${c!.url}/arena`);
    const id2 = await w2.connect();
    const gid1 = Number((await g1.waitFor("ID ")).slice(3));
    const gid2 = Number((await g2.waitFor("ID ")).slice(3));
    await until(() => w1.peers.length === 4 && w2.peers.length === 4, 15_000, "the wsmp clients to see everyone");
    expect(new Set(w1.peers)).toEqual(new Set([1, id2, gid1, gid2]));
    for (const [g, others] of [[g1, [id1, id2, gid2]], [g2, [id1, id2, gid1]]] as const) for (const id of others) await g.waitFor(`PEER +${id}`);

    // Broadcast from a Godot client bridged through b.
    w1.send(`DO 0 hello from g1`, gid1);
    await g2.waitFor(`GOT ${gid1} hello from g1`);
    await until(() => w1.getAvailablePacketCount() === 1 && w2.getAvailablePacketCount() === 1, 10_000, "the broadcast");
    expect([...texts(w1), ...texts(w2)]).toEqual([`${gid1} hello from g1`, `${gid1} hello from g1`]);
    // One peer: g2 (bridged through c) to w1 (local on a) only.
    w2.send(`DO ${id1} just for w1`, gid2);
    await until(() => w1.getAvailablePacketCount() === 1, 10_000, "the one-peer packet");
    expect(texts(w1)).toEqual([`${gid2} just for w1`]);
    // All but one: g1 to everyone except w2.
    w1.send(`DO -${id2} all but w2`, gid1);
    await g2.waitFor(`GOT ${gid1} all but w2`);
    await until(() => w1.getAvailablePacketCount() === 1, 10_000, "the all-but-one packet");
    expect(texts(w1)).toEqual([`${gid1} all but w2`]);
    // A wsmp client to a Godot client directly, across two bridges.
    w2.send("w2 to g1", gid1);
    await g1.waitFor(`GOT ${id2} w2 to g1`);
    expect(w2.getAvailablePacketCount()).toBe(0);
    // Nobody got what was not theirs: w2 neither the one-peer nor the all-but-one packet, g1 not the one-peer one.
    expect(g1.output).not.toContain(`GOT ${gid2} just for w1`);
    expect(g2.output).not.toContain(`GOT ${gid1} w2 to g1`);

    // The owner dies: every bridged client, Godot or wsmp, is closed with 4100; the local one sees 1006.
    await a!.kill();
    const [r1, r2] = await Promise.all([g1.result, g2.result]);
    expect(r1).toMatchObject({ ok: true, close_code: 4100, close_reason: "Session owner lost" });
    expect(r2).toMatchObject({ ok: true, close_code: 4100, close_reason: "Session owner lost" });
    expect((await w2.whenClosed).code).toBe(4100);
    expect((await w1.whenClosed).code).toBe(1006);
  });
});
