import type { ClusterDirectory, ClusterSessionInfo } from "./contract.js";

/** The part of an ioredis client the directory uses (so the shape, not the library, is the dependency). */
export interface RedisCommands {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  smembers(key: string): Promise<string[]>;
  srem(key: string, ...members: string[]): Promise<unknown>;
  set(key: string, value: string, mode: "PX", ms: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
  pipeline(): RedisPipeline;
}

export interface RedisPipeline {
  hgetall(key: string): RedisPipeline;
  exists(key: string): RedisPipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
}

// A session is a hash `<prefix>:session:<name>` {owner, peers} whose TTL is the owner's lease;
// `<prefix>:sessions` is the set of names for listing; `<prefix>:node:<id>` is a node's own lease.

/**
 * Claims a session unless a live owner holds it; renews it when the caller already does. An owner
 * whose node lease is gone (killed, cut off) no longer holds its sessions, even while their own
 * TTL runs out: the claim takes the session over. Claiming also proves the caller alive, so its
 * node lease is set here too. Returns the owner.
 */
const CLAIM = `
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[4] .. owner) == 0 then owner = nil end
if not owner then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'peers', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
  return ARGV[1]
end
if owner == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return owner`;

/** The owner of a session while its node lease is held (nothing once the owner's node is gone). */
const OWNER = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and redis.call('EXISTS', ARGV[1] .. owner) == 1 then return owner end
return false`;

/** Renews a session the caller owns (or whose lease lapsed with no one taking it). 1: held, 0: another node has it. */
const RENEW = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and owner ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'peers', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if not owner then redis.call('SADD', KEYS[2], ARGV[4]) end
return 1`;

/** Deletes a session the caller owns. */
const RELEASE = `
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
return 1`;

/** The cluster directory on Redis: leases are key TTLs, claims are atomic scripts. */
export function createRedisDirectory(redis: RedisCommands, prefix = "wsmp"): ClusterDirectory {
  const sessionKey = (name: string): string => `${prefix}:session:${name}`;
  const namesKey = `${prefix}:sessions`;
  const nodeKey = (node: string): string => `${prefix}:node:${node}`;
  return {
    async claim(name, node, leaseMs) {
      return String(await redis.eval(CLAIM, 3, sessionKey(name), namesKey, nodeKey(node), node, leaseMs, name, nodeKey("")));
    },
    async owner(name) {
      const owner = await redis.eval(OWNER, 1, sessionKey(name), nodeKey(""));
      return typeof owner === "string" ? owner : undefined;
    },
    async renew(node, sessions, leaseMs) {
      await redis.set(nodeKey(node), "1", "PX", leaseMs);
      const held = await Promise.all(sessions.map((s) => redis.eval(RENEW, 2, sessionKey(s.name), namesKey, node, leaseMs, s.peers, s.name)));
      return sessions.filter((_s, i) => Number(held[i]) !== 1).map((s) => s.name);
    },
    async release(name, node) {
      await redis.eval(RELEASE, 2, sessionKey(name), namesKey, node, name);
    },
    async alive(nodes) {
      const pipeline = redis.pipeline();
      for (const node of nodes) pipeline.exists(nodeKey(node));
      const results = (await pipeline.exec()) ?? [];
      return nodes.map((_n, i) => Number(results[i]?.[1] ?? 0) === 1);
    },
    async list() {
      const names = (await redis.smembers(namesKey)).sort();
      if (names.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const name of names) pipeline.hgetall(sessionKey(name));
      const results = (await pipeline.exec()) ?? [];
      const out: ClusterSessionInfo[] = [];
      const gone: string[] = [];
      names.forEach((name, i) => {
        const hash = (results[i]?.[1] ?? {}) as Record<string, string>;
        if (hash["owner"] === undefined) gone.push(name);
        else out.push({ name, owner: hash["owner"], peers: Number(hash["peers"] ?? 0) });
      });
      // Leases that expired leave their name behind in the set: tidy it as we go.
      if (gone.length > 0) await redis.srem(namesKey, ...gone);
      return out;
    },
    async leave(node) {
      await redis.del(nodeKey(node));
    },
  };
}
