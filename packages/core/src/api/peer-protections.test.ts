import { describe, expect, it } from "vitest";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode, InvalidArgumentError, UnsupportedError } from "../shared/errors.js";
import type { CloseInfo, ProtocolErrorInfo } from "../engine/server-engine-events.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { resolveOptions } from "../shared/peer-options.js";
import { createMemoryPeers, ManualClock, MemoryNetwork } from "../testing/index.js";
import { createSeededRandom } from "../testing/seeded-random.js";
import { connected, harness } from "../testing/server-harness.js";
import { MultiplayerClient } from "./multiplayer-client.js";

describe("a throwing listener", () => {
  it("goes to `error`; the other listeners, the server and the peer that triggered it carry on", async () => {
    const h = await harness();
    const [a, b] = await connected(h, 2);
    const errors: unknown[] = [];
    const got: number[] = [];
    h.server.on("packet", () => {
      throw new Error("app bug");
    });
    h.server.on("packet", (p) => got.push(p.from));
    h.server.on("error", (e) => errors.push(e));
    a!.send(new Uint8Array([1]));
    b!.send(new Uint8Array([2]));
    await h.settle();
    expect(got).toEqual([a!.getUniqueId(), b!.getUniqueId()]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: ErrorCode.LISTENER, message: 'the "packet" handler threw: app bug' });
    expect(h.server.peers).toHaveLength(2);
    a!.send(new Uint8Array([3]));
    await h.settle();
    expect(got).toHaveLength(3);
  });

  it("without an `error` listener (or when it throws too) goes to the runtime's reportError", async () => {
    const clock = new ManualClock();
    const network = new MemoryNetwork();
    const reported: unknown[] = [];
    const runtime = { ...clock.runtime(createSeededRandom(5)), reportError: (e: unknown) => reported.push(e) };
    const peers = await createMemoryPeers();
    void peers;
    const { MultiplayerServer } = await import("./multiplayer-server.js");
    const server = new MultiplayerServer(network.serverTransport(), runtime, { port: 9100 });
    await server.listen();
    server.on("peer_connected", () => {
      throw new Error("first");
    });
    const client = new MultiplayerClient(network.clientTransport(), runtime, { url: "ws://127.0.0.1:9100" });
    const id = client.connect();
    for (let i = 0; i < 10; i++) network.flush();
    await id;
    expect(reported).toHaveLength(1);
    server.on("error", () => {
      throw new Error("error listener bug");
    });
    server.on("peer_disconnected", () => {
      throw new Error("second");
    });
    client.disconnect();
    for (let i = 0; i < 10; i++) network.flush();
    expect(reported.map((e) => (e as Error).message)).toEqual(['the "peer_connected" handler threw: first', 'the "error" handler threw: error listener bug']);
    expect(server.isListening()).toBe(true);
  });
});

describe("heartbeat", () => {
  it("validates its options at once", () => {
    expect(() => resolveOptions({ heartbeatInterval: -1 })).toThrow(InvalidArgumentError);
    expect(() => resolveOptions({ heartbeatTimeout: 0 })).toThrow(InvalidArgumentError);
    expect(resolveOptions({ heartbeatInterval: 0.5, heartbeatTimeout: 0.25 })).toMatchObject({ heartbeatInterval: 0.5, heartbeatTimeout: 0.25 });
  });

  it("keeps a peer that answers, and closes a deaf one with 4003 after interval + timeout, not before", async () => {
    const h = await harness({ options: { heartbeatInterval: 1, heartbeatTimeout: 0.5 } });
    const alive = h.client();
    const deaf = h.client({}, { deaf: true });
    await Promise.all([alive.connect(), deaf.connect(), h.settle()]);
    await h.settle();
    const deafId = deaf.getUniqueId();
    const left: [number, CloseInfo][] = [];
    const errors: ProtocolErrorInfo[] = [];
    h.server.on("peer_disconnected", (id, info) => left.push([id, info]));
    h.server.on("protocol_error", (info) => errors.push(info));
    h.network.flowing = true;
    // 1 s: ping; the answer comes back at once (the memory wire is flushed).
    h.clock.advance(1000);
    await h.settle();
    h.clock.advance(499); // the deaf one's ping has waited 499 ms of its 500
    await h.settle();
    expect(h.server.peers).toHaveLength(2);
    h.clock.advance(1);
    await h.settle();
    expect(errors.map((e) => [e.peer, e.code, e.closeCode])).toEqual([[deafId, ErrorCode.HEARTBEAT_TIMEOUT, CloseCode.HEARTBEAT_TIMEOUT]]);
    expect(h.server.peers).toEqual([alive.getUniqueId()]);
    for (let i = 0; i < 40; i++) {
      h.clock.advance(250); // the live one keeps answering (the wire is flushed between steps)
      await h.settle();
    }
    expect(left.map(([id, info]) => [id === deafId ? "deaf" : "alive", info.code])).toEqual([["deaf", 4003]]);
    expect(h.server.peers).toEqual([alive.getUniqueId()]);
  });

  it("on a client: a server that stops answering is left with 4003; a transport that cannot ping refuses the option", async () => {
    const peers = await createMemoryPeers();
    const client = peers.client({ options: { heartbeatInterval: 1, heartbeatTimeout: 1 } });
    const id = client.connect();
    await peers.settle();
    await id;
    peers.network.flowing = false; // nothing reaches the client any more, pongs included
    // The id message counts as life at 1 s; ping at 2 s, unanswered at 3 s: closed with 4003.
    peers.clock.advance(2999);
    expect(client.getConnectionStatus()).toBe(2);
    peers.clock.advance(1);
    expect(client.getConnectionStatus()).toBe(0);
    peers.clock.advance(3000); // the close handshake gives up after handshakeTimeout
    const info = await client.whenClosed;
    expect(info.code).toBe(4003);
    const noPing = { ...peers.network.clientTransport(), capabilities: { ...peers.network.clientTransport().capabilities, ping: false } };
    expect(() => new MultiplayerClient(noPing, peers.clock.runtime(), { url: "ws://x", options: { heartbeatInterval: 1 } })).toThrow(UnsupportedError);
  });
});

describe("inbound rate limit", () => {
  it("passes a peer at the rate and drops (or closes, with overflow close) one past it", async () => {
    const h = await harness({ limits: { maxInboundMessagesPerSecond: 10, maxInboundBytesPerSecond: 1000 } });
    const [honest, flooder] = await connected(h, 2);
    const drops: DropInfo[] = [];
    h.server.on("packet_dropped", (d) => drops.push(d));
    for (let i = 0; i < 10; i++) honest!.send(new Uint8Array(100)); // exactly the budget of one second
    for (let i = 0; i < 11; i++) flooder!.send(new Uint8Array(10)); // one message past it
    await h.settle();
    expect(drops.map((d) => [d.peer, d.code])).toEqual([[flooder!.getUniqueId(), ErrorCode.RATE_LIMITED]]);
    expect(h.server.getAvailablePacketCount()).toBe(20);
    honest!.send(new Uint8Array(1)); // past the byte budget of this second
    await h.settle();
    expect(drops).toHaveLength(2);
    h.clock.advance(1000); // the buckets refill
    honest!.send(new Uint8Array(1000));
    await h.settle();
    expect(drops).toHaveLength(2);

    const strict = await harness({ options: { overflow: "close" }, limits: { maxInboundMessagesPerSecond: 2 } });
    const [c] = await connected(strict, 1);
    for (let i = 0; i < 3; i++) c!.send(new Uint8Array([i]));
    await strict.settle();
    expect((await c!.whenClosed).code).toBe(CloseCode.POLICY_VIOLATION);
    expect(strict.server.getAvailablePacketCount()).toBe(2);
  });
});
