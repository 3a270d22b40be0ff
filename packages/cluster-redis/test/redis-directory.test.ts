import { createRedisDirectory } from "@wsmp/cluster-redis";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { killAllRedis, startRedis } from "./support/redis-server.js";

const clients: Redis[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await killAllRedis();
});

async function directory() {
  const redis = await startRedis();
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  clients.push(client);
  await client.connect();
  return { dir: createRedisDirectory(client, "t"), client };
}

describe("the Redis directory", () => {
  it("a live owner keeps its session: another node's claim answers with the owner", async () => {
    const { dir } = await directory();
    expect(await dir.claim("arena", "a", 10_000)).toBe("a");
    expect(await dir.claim("arena", "c", 10_000)).toBe("a");
    expect(await dir.owner("arena")).toBe("a");
    expect(await dir.alive(["a", "c"])).toEqual([true, true]); // claiming sets the claimer's node lease
  });

  it("a session whose owner's node lease is gone is free at once, before the session's own TTL runs out, and the old owner learns it lost it", async () => {
    const { dir, client } = await directory();
    expect(await dir.claim("arena", "a", 10_000)).toBe("a");
    await dir.leave("a"); // what a SIGKILL looks like once a's node lease expired
    expect(await client.pttl("t:session:arena")).toBeGreaterThan(5000);
    expect(await dir.owner("arena")).toBeUndefined();
    expect(await dir.claim("arena", "c", 10_000)).toBe("c");
    expect(await dir.owner("arena")).toBe("c");
    expect(await client.hget("t:session:arena", "peers")).toBe("0");
    // Were a only cut off, its next renewal finds the session taken and closes its copy.
    expect(await dir.renew("a", [{ name: "arena", peers: 2 }], 10_000)).toEqual(["arena"]);
    expect(await dir.list()).toEqual([{ name: "arena", owner: "c", peers: 0 }]);
  });
});
