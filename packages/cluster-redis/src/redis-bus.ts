import type { ClusterBus, ClusterHealth } from "./contract.js";

/** The part of an ioredis client that publishes. */
export interface RedisPublisher {
  publish(channel: string, message: Buffer): Promise<unknown>;
}

/** The part of an ioredis client in subscriber mode. */
export interface RedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: "messageBuffer", listener: (channel: Uint8Array, message: Uint8Array) => void): unknown;
}

/**
 * The cluster bus on Redis pub/sub: each node's inbox is the channel `<prefix>:bus:<node>`.
 * Redis delivers one publisher connection's messages in order, so messages from one node to
 * another arrive in the order they were sent; a message to a node that is not subscribed is lost
 * (the node is gone: its lease expires and its bridges are closed).
 */
export function createRedisBus(publisher: RedisPublisher, subscriber: RedisSubscriber, prefix = "wsmp"): ClusterBus {
  const channel = (node: string): string => `${prefix}:bus:${node}`;
  let inbox: string | undefined;
  return {
    async open(node, receive) {
      inbox = channel(node);
      const mine = new TextEncoder().encode(inbox);
      subscriber.on("messageBuffer", (from, message) => {
        if (from.byteLength === mine.byteLength && from.every((b, i) => b === mine[i])) receive(message);
      });
      await subscriber.subscribe(inbox);
    },
    send(node, message) {
      publisher.publish(channel(node), Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch(() => undefined);
    },
    async close() {
      if (inbox) await subscriber.unsubscribe(inbox).catch(() => undefined);
    },
  };
}

/** What the health watch reads from an ioredis client. */
export interface RedisStatusSource {
  readonly status: string;
  on(event: "ready" | "close" | "end" | "error", listener: (error?: Error) => void): unknown;
}

/**
 * The cluster's health from its Redis connections: up while every one is `ready`. A dropped
 * connection reports down at once (ioredis then reconnects on its own and reports up again).
 */
export function createRedisHealth(clients: readonly RedisStatusSource[]): ClusterHealth {
  const listeners = new Set<(up: boolean, reason: string) => void>();
  let lastError = "";
  let up = clients.every((c) => c.status === "ready");
  const update = (reason: string): void => {
    const now = clients.every((c) => c.status === "ready");
    if (now === up) return;
    up = now;
    for (const listener of listeners) listener(up, reason);
  };
  for (const client of clients) {
    client.on("error", (error) => void (lastError = error?.message ?? ""));
    client.on("ready", () => update("connected"));
    client.on("close", () => update(`the Redis connection closed${lastError ? `: ${lastError}` : ""}`));
    client.on("end", () => update("the Redis connection ended"));
  }
  return {
    get up() {
      return up;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
