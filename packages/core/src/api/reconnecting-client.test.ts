import { describe, expect, it } from "vitest";
import { createMemoryPeers } from "../testing/index.js";
import { createSeededRandom } from "../testing/seeded-random.js";
import { MultiplayerClient } from "./multiplayer-client.js";
import { ReconnectingClient, reconnectDelay } from "./reconnecting-client.js";

describe("reconnectDelay", () => {
  const backoff = { initialDelay: 0.5, maxDelay: 4, factor: 2, jitter: 0.5, maxAttempts: 0 };
  it("doubles from initialDelay up to maxDelay, shortened by at most the jitter share", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(backoff, n, 0))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(reconnectDelay(backoff, 1, 0.999999)).toBe(250);
  });
});

describe("ReconnectingClient", () => {
  async function setup(reconnect = {}) {
    const peers = await createMemoryPeers();
    const runtime = peers.clock.runtime(createSeededRandom(3));
    const make = (): MultiplayerClient => new MultiplayerClient(peers.network.clientTransport(), runtime, { url: "ws://127.0.0.1:9000" });
    const client = new ReconnectingClient(make, runtime, { initialDelay: 1, jitter: 0, ...reconnect });
    return { peers, client };
  }

  it("reconnects after the server drops it, as a new peer with a new id", async () => {
    const { peers, client } = await setup();
    const ids: number[] = [];
    const waits: (number | undefined)[] = [];
    client.on("connected", (id) => ids.push(id));
    client.on("disconnected", (_info, retryIn) => waits.push(retryIn));
    const first = client.connect();
    await peers.settle();
    expect(await first).toBe(ids[0]);
    peers.server.disconnectPeer(ids[0]!, 4001, "kicked");
    await peers.settle();
    expect(waits).toEqual([1000]);
    peers.clock.advance(999);
    await peers.settle();
    expect(ids).toHaveLength(1);
    peers.clock.advance(1);
    await peers.settle();
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
    expect(peers.server.peers).toEqual([ids[1]]);
    expect(client.attemptCount).toBe(2);
    await Promise.all([client.close(), peers.settle()]);
    expect(peers.server.peers).toEqual([]);
  });

  it("backs off while the server refuses, and gives up after maxAttempts", async () => {
    const { peers, client } = await setup({ maxAttempts: 3 });
    peers.server.refuseNewConnections = true;
    const waits: (number | undefined)[] = [];
    let gaveUp = 0;
    client.on("disconnected", (_info, retryIn) => waits.push(retryIn));
    client.on("gave_up", (n) => (gaveUp = n));
    const first = client.connect();
    const failed = expect(first).rejects.toThrow(/gave up/);
    for (let i = 0; i < 10; i++) {
      await peers.settle();
      peers.clock.advance(1000);
    }
    await failed;
    expect(waits).toEqual([1000, 2000, undefined]);
    expect(gaveUp).toBe(3);
  });

  it("does not retry when retry() says no, nor after close()", async () => {
    const { peers, client } = await setup({ retry: (info: { code: number }) => info.code !== 4403 });
    let connected = 0;
    client.on("connected", () => connected++);
    await Promise.all([client.connect(), peers.settle()]);
    peers.server.disconnectPeer(peers.server.peers[0]!, 4403, "banned");
    await peers.settle();
    peers.clock.advance(60_000);
    await peers.settle();
    expect(connected).toBe(1);
    expect(client.client).toBeUndefined();
  });
});
