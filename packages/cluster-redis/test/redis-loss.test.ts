import { createClient, createSessionServer, type MultiplayerClient } from "@wsmp/adapter-node";
import { type ClusterNode, createRedisCluster } from "@wsmp/cluster-redis";
import { afterEach, describe, expect, it } from "vitest";
import { killAllRedis, startRedis } from "./support/redis-server.js";
import { until } from "./support/wait.js";

const opened: { close(): Promise<unknown> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).reverse().map((o) => o.close().catch(() => undefined)));
  await killAllRedis();
});

async function node(redis: string, nodeId: string, log: string[]): Promise<{ node: ClusterNode; url: string }> {
  const cluster = await createRedisCluster({ redis, nodeId, leaseMs: 1500, log: (line) => log.push(line) });
  const server = createSessionServer(0, "127.0.0.1", undefined, { locate: cluster.locate, dialect: "godot3", emptyTimeout: 0 });
  const { port } = await server.listen();
  await cluster.join(server);
  opened.push(cluster);
  return { node: cluster, url: `ws://127.0.0.1:${port}` };
}

function client(url: string): MultiplayerClient {
  const c = createClient(url, undefined, { dialect: "godot3" });
  opened.push(c);
  return c;
}

describe("a node that loses Redis", () => {
  it("keeps serving its own sessions' local peers, refuses joins it cannot place (503), closes its bridges (4101), and says so in an event and a log line", async () => {
    const redis = await startRedis();
    const logA: string[] = [];
    const logB: string[] = [];
    const a = await node(redis.url, "a", logA);
    const b = await node(redis.url, "b", logB);
    const lost: string[] = [];
    a.node.on("cluster_lost", (reason) => lost.push(reason));
    const x = client(`${a.url}/home`);
    const y = client(`${a.url}/home`);
    await Promise.all([x.connect(), y.connect()]);
    const bridged = client(`${b.url}/home`);
    await bridged.connect();
    await until(() => x.peers.length === 3, 5000, "the session");
    expect(a.node.bridges.incoming).toBe(1);

    await redis.kill();
    await until(() => lost.length === 1 && !b.node.up, 5000, "both nodes to notice");
    expect(logA.some((line) => line.includes("lost the cluster") && line.includes("serving the local peers of its 1 session(s), refusing remote joins"))).toBe(true);
    expect((await bridged.whenClosed).code).toBe(4101);
    await until(() => x.peers.length === 2, 5000, "the bridged peer to leave the session on a");

    // Local peers go on, and a new local peer can join the local session.
    x.send("still here", 0);
    await until(() => y.getAvailablePacketCount() === 1, 5000, "the local packet");
    const z = client(`${a.url}/home`);
    await z.connect();
    await until(() => x.peers.length === 3, 5000, "the new local peer");
    // A name this node does not hold cannot be placed: 503.
    const refused = await client(`${a.url}/elsewhere`).connect().then(
      () => "joined",
      (error: Error) => error.message,
    );
    expect(refused).toContain("503");
    expect(a.node.up).toBe(false);
  });
});
