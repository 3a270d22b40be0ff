/**
 * @wsmp/cluster-redis: several wsmp servers as one service behind any TCP load balancer. Each
 * session lives on one node; a Redis directory says which (a lease the owner renews) and lists
 * every session; a client may reach any node, which bridges it to the owner over Redis pub/sub.
 * See docs/cluster.md.
 */
import { Redis, type RedisOptions } from "ioredis";
import { ClusterNode, type ClusterNodeOptions } from "./cluster-node.js";
import { createRedisBus, createRedisHealth } from "./redis-bus.js";
import { createRedisDirectory } from "./redis-directory.js";

export { ClusterCloseCode, ClusterNode, type ClusterNodeEvents, type ClusterNodeOptions } from "./cluster-node.js";
export type { ClusterBus, ClusterDirectory, ClusterHealth, ClusterSessionInfo } from "./contract.js";
export { createRedisBus, createRedisHealth, type RedisPublisher, type RedisStatusSource, type RedisSubscriber } from "./redis-bus.js";
export { createRedisDirectory, type RedisCommands, type RedisPipeline } from "./redis-directory.js";

export interface RedisClusterOptions extends Omit<ClusterNodeOptions, "directory" | "bus" | "health" | "dispose"> {
  /** The Redis server: a `redis://` URL, or ioredis options. Default `redis://127.0.0.1:6379`. */
  readonly redis?: string | RedisOptions | undefined;
  /** Prefix of every key and channel, so several clusters can share one Redis. Default "wsmp". */
  readonly prefix?: string | undefined;
}

/**
 * A cluster node on Redis (ioredis; two connections: commands and the subscriber). Connects
 * before it resolves; rejects when Redis cannot be reached. Pass `node.locate` to
 * `createSessionServer` and `await node.join(server)`.
 */
export async function createRedisCluster(options: RedisClusterOptions = {}): Promise<ClusterNode> {
  const settings: RedisOptions = {
    lazyConnect: true,
    // Commands fail at once while Redis is unreachable, so a join is refused instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    connectionName: options.nodeId,
  };
  const make = (): Redis => (typeof options.redis === "string" || options.redis === undefined ? new Redis(options.redis ?? "redis://127.0.0.1:6379", settings) : new Redis({ ...settings, ...options.redis }));
  const commands = make();
  const subscriber = make();
  const health = createRedisHealth([commands, subscriber]);
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  }
  const prefix = options.prefix ?? "wsmp";
  return new ClusterNode({
    ...options,
    directory: createRedisDirectory(commands, prefix),
    bus: createRedisBus(commands, subscriber, prefix),
    health,
    dispose: async () => {
      await Promise.all([commands.quit().catch(() => commands.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  });
}
