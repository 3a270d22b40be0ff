import { describe, expect, it } from "vitest";
import { GodotError } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import type { AdmissionResult } from "../shared/server-limits.js";
import { engineServer, type EngineServer } from "../testing/fake-sockets.js";

/**
 * The server's protections at the engine: admission at accept and upgrade, the `admit` hook, the
 * inbound rate limit, the heartbeat and the slow-peer clock, each at its limit and past it.
 */

/** The reasons and texts of the refusals so far. */
const refusals = (s: EngineServer): string[] => s.of("handshake_failed").map((e) => `${e.info.refusal}: ${e.info.reason}`);

describe("admission at the upgrade", () => {
  it("refuses an upgrade of a connection that is no longer pending", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    expect(peer!.link.upgrade([], {})).toEqual({ accept: false, reason: "connection is no longer pending" });
  });

  it("names both sides of a subprotocol mismatch, 'none' for an empty side", () => {
    const s = engineServer({ options: { supportedProtocols: ["a", "b"] } });
    expect(s.accept().link.upgrade(["x", "y"], {})).toEqual({ accept: false, reason: "no common subprotocol (offered: x,y; supported: a,b)", status: undefined });
    expect(s.accept().link.upgrade([], {})).toMatchObject({ reason: "no common subprotocol (offered: none; supported: a,b)" });
    const none = engineServer();
    expect(none.accept().link.upgrade(["x"], {})).toMatchObject({ reason: "no common subprotocol (offered: x; supported: none)" });
    expect(none.engine.refusals.byReason.subprotocol).toBe(1);
  });

  it("refuses while refusing new connections, and accepts with the chosen protocol and the extra headers", () => {
    const s = engineServer({ options: { supportedProtocols: ["b"], handshakeHeaders: ["X-Game: 1"] } });
    s.engine.refuseNewConnections = true;
    expect(s.accept().link.upgrade(["b"], {})).toEqual({ accept: false, reason: "the server refuses new connections", status: undefined });
    s.engine.refuseNewConnections = false;
    expect(s.accept().link.upgrade(["a", "b"], {})).toEqual({ accept: true, protocol: "b", headers: [["X-Game", "1"]] });
    expect(refusals(s)).toEqual(["refusing: the server refuses new connections"]);
  });

  it("caps connected peers at maxPeers, checked again at the upgrade: the last one fits, the next is refused", () => {
    const s = engineServer({ limits: { maxPeers: 2 } });
    const early = s.accept();
    const late = s.accept();
    s.peers(1);
    expect(early.link.upgrade([], {})).toMatchObject({ accept: true });
    early.open();
    expect(late.link.upgrade([], {})).toEqual({ accept: false, reason: "2 peers are already connected (maxPeers)", status: undefined });
    expect(s.engine.refusals.byReason.max_peers).toBe(1);
  });

  it("refuses an origin not allowed with 403, and lets requests without one (or with '*') through", () => {
    const s = engineServer({ limits: { allowedOrigins: ["https://game.example"] } });
    expect(s.accept().link.upgrade([], { origin: "https://evil.example" })).toEqual({ accept: false, reason: 'origin "https://evil.example" is not in allowedOrigins', status: 403 });
    expect(s.accept().link.upgrade([], { origin: "https://game.example" })).toMatchObject({ accept: true });
    expect(s.accept().link.upgrade([], {})).toMatchObject({ accept: true });
    const any = engineServer({ limits: { allowedOrigins: ["*"] } });
    expect(any.accept().link.upgrade([], { origin: "https://evil.example" })).toMatchObject({ accept: true });
    const open = engineServer();
    expect(open.accept().link.upgrade([], { origin: "https://evil.example" })).toMatchObject({ accept: true });
  });

  it("caps connections per address and releases a slot when one is gone", () => {
    const s = engineServer({ limits: { maxPeersPerAddress: 2 } });
    const [a] = s.peers(2);
    expect(s.accept().pending.aborted).toBe(1);
    expect(s.accept("10.0.0.2").pending.aborted).toBe(0);
    a!.link.closed(1000, "");
    expect(s.accept().pending.aborted).toBe(0);
    expect(s.accept().pending.aborted).toBe(1);
    expect(s.engine.refusals.byReason.max_peers_per_address).toBe(2);
  });
});

describe("the admit hook", () => {
  /** The decision for one upgrade with the hook answering `answer`. */
  function decide(answer: AdmissionResult | (() => never)) {
    const s = engineServer({ options: { supportedProtocols: ["p"] }, limits: { admit: typeof answer === "function" ? answer : () => answer } });
    return { decision: s.accept().link.upgrade(["p"], { origin: "o" }, { path: "/room" }), s };
  }

  it("sees the request: address, port, path, origin, headers, offered protocols", () => {
    const seen: unknown[] = [];
    const s = engineServer({ options: { supportedProtocols: ["p"] }, limits: { admit: (request) => void seen.push(request) } });
    s.accept().link.upgrade(["p"], { origin: "https://a" }, { path: "/room" });
    s.accept().link.upgrade(["p"], {});
    expect(seen).toEqual([
      { remoteAddress: "127.0.0.1", remotePort: 4321, path: "/room", origin: "https://a", headers: { origin: "https://a" }, protocols: ["p"] },
      { remoteAddress: "127.0.0.1", remotePort: 4321, path: "/", origin: "", headers: {}, protocols: ["p"] },
    ]);
  });

  it("true or nothing admits; false refuses; a status 400-599 refuses with it; anything else is a 500", () => {
    expect(decide(true).decision).toMatchObject({ accept: true });
    expect(decide(undefined).decision).toMatchObject({ accept: true });
    expect(decide(false).decision).toEqual({ accept: false, reason: "refused by the admit hook", status: undefined });
    expect(decide({ status: 400 }).decision).toEqual({ accept: false, reason: "refused by the admit hook with HTTP 400", status: 400 });
    expect(decide({ status: 599, reason: "later" }).decision).toEqual({ accept: false, reason: "later", status: 599 });
    for (const odd of [{ status: 399 }, { status: 600 }, { status: 450.5 }, 7, null] as unknown as AdmissionResult[]) {
      expect(decide(odd).decision).toEqual({ accept: false, reason: `the admit hook answered ${JSON.stringify(odd)}, which is not true, false or { status: 400-599 }`, status: 500 });
    }
  });

  it("a hook that throws refuses with 500 and reports the error", () => {
    const { decision, s } = decide(() => {
      throw new Error("db down");
    });
    expect(decision).toEqual({ accept: false, reason: "the admit hook threw", status: 500 });
    expect(s.of("hook_error")).toEqual([{ type: "hook_error", error: new Error("db down") }]);
  });

  it("a later answer for a connection that timed out meanwhile is a refusal, and counts none", async () => {
    let answer: (value: AdmissionResult) => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const s = engineServer({ limits: { admit: () => new Promise<AdmissionResult>((resolve, reject) => ((answer = resolve), (fail = reject))) } });
    const late = s.accept().link.upgrade([], {});
    s.engine.tick(3000);
    answer(true);
    expect(await late).toEqual({ accept: false, reason: "the handshake ended while the admit hook ran" });
    const failing = s.accept().link.upgrade([], {});
    s.engine.tick(6000);
    fail(new Error("late"));
    expect(await failing).toEqual({ accept: false, reason: "the admit hook failed" });
    expect(s.engine.refusals.total).toBe(0);
    const thenable = engineServer({ limits: { admit: () => ({ then: (ok: (v: AdmissionResult) => void) => ok(false) }) as never } });
    expect(await thenable.accept().link.upgrade([], {})).toMatchObject({ accept: false, reason: "refused by the admit hook" });
  });
});

describe("inbound rate limit", () => {
  it("takes maxInboundMessagesPerSecond at once, refills over time, and drops past it", () => {
    const s = engineServer({ limits: { maxInboundMessagesPerSecond: 2 } });
    const [peer] = s.peers(1);
    for (let i = 0; i < 3; i++) peer!.link.message(new Uint8Array([i]));
    s.now = 499;
    peer!.link.message(new Uint8Array([3]));
    s.now = 500;
    peer!.link.message(new Uint8Array([4]));
    s.now = 10_000;
    for (let i = 0; i < 3; i++) peer!.link.message(new Uint8Array([i]));
    expect(s.engine.inbox.availablePackets).toBe(5);
    expect(s.of("packet_dropped").map((e) => e.info)).toEqual(
      [0, 1, 2].map(() => ({ peer: peer!.link.id, direction: "in", size: 1, code: ErrorCode.RATE_LIMITED, reason: `peer ${peer!.link.id} sent more than 2 messages per second` })),
    );
  });

  it("takes maxInboundBytesPerSecond, a message at a time, and closes with 1008 under overflow 'close'", () => {
    const s = engineServer({ limits: { maxInboundBytesPerSecond: 10 }, options: { overflow: "close" } });
    const [peer] = s.peers(1);
    peer!.link.message(new Uint8Array(6));
    peer!.link.message(new Uint8Array(4));
    s.now = 100;
    peer!.link.message(new Uint8Array(2));
    expect(s.engine.inbox.availablePackets).toBe(2);
    expect(s.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: peer!.link.id, code: ErrorCode.RATE_LIMITED, message: `peer ${peer!.link.id} sent more than 10 bytes per second`, closeCode: 1008 },
    ]);
  });

  it("a clock that goes back refills nothing", () => {
    const s = engineServer({ limits: { maxInboundMessagesPerSecond: 1, maxInboundBytesPerSecond: 100 } });
    s.now = 5000;
    const [peer] = s.peers(1);
    peer!.link.message(new Uint8Array(1));
    s.now = 1000;
    peer!.link.message(new Uint8Array(1));
    expect(s.engine.inbox.availablePackets).toBe(1);
    s.now = 2000;
    peer!.link.message(new Uint8Array(1));
    expect(s.engine.inbox.availablePackets).toBe(2);
  });
});

describe("server heartbeat", () => {
  it("pings a silent peer after heartbeatInterval and closes it with 4003 heartbeatTimeout later", () => {
    const s = engineServer({ options: { heartbeatInterval: 2, heartbeatTimeout: 1 } });
    const socket = s.accept();
    const connection = socket.open();
    expect(s.engine.nextDeadline()).toBe(2000);
    s.engine.tick(1999);
    expect(connection.pings).toBe(0);
    s.engine.tick(2000);
    expect(connection.pings).toBe(1);
    expect(s.engine.nextDeadline()).toBe(3000);
    s.engine.tick(2999);
    expect(s.of("protocol_error")).toEqual([]);
    s.engine.tick(3000);
    expect(s.of("protocol_error").map((e) => e.info)).toEqual([{ peer: socket.link.id, code: ErrorCode.HEARTBEAT_TIMEOUT, message: "no pong within heartbeatTimeout (1 s)", closeCode: 4003 }]);
    expect(connection.closes).toEqual([[4003, "Heartbeat timeout"]]);
  });

  it("a pong or a message keeps the peer; turning the heartbeat off stops it; a socket without ping has none", () => {
    const s = engineServer({ options: { heartbeatInterval: 1, heartbeatTimeout: 1 } });
    const socket = s.accept();
    const connection = socket.open();
    s.engine.tick(1000);
    socket.link.pong();
    s.engine.tick(2000);
    expect(connection.pings).toBe(1);
    socket.link.message(new Uint8Array([1]));
    s.engine.tick(3000);
    expect(connection.pings).toBe(1);
    s.engine.setOption("heartbeatInterval", 0);
    s.engine.tick(4000);
    expect(s.engine.nextDeadline()).toBeUndefined();
    expect(s.of("protocol_error")).toEqual([]);
    const quiet = s.accept();
    const withoutPing = { ...connection, ping: undefined };
    quiet.link.open(withoutPing);
    expect(s.engine.nextDeadline()).toBeUndefined();
  });
});

describe("slow peers", () => {
  /** A peer whose socket reports a full buffer, under `slowPeer`. */
  function slow(slowPeer: "drop" | "close" | "close-on-relay", slowPeerTimeout = 0) {
    const s = engineServer({ limits: { slowPeer, slowPeerTimeout }, options: { outboundBufferSize: 10 } });
    const socket = s.accept();
    const connection = socket.open();
    s.events.length = 0;
    connection.bufferedAmount = 8;
    return { s, id: socket.link.id, connection };
  }

  it("'drop' only drops; 'close-on-relay' closes with 4004 on a refused relay, not on the server's own message", () => {
    const drop = slow("drop");
    expect(drop.s.engine.sendTo(drop.id, new Uint8Array(3), true)).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(drop.s.of("protocol_error")).toEqual([]);
    const relay = slow("close-on-relay");
    relay.s.engine.sendTo(relay.id, new Uint8Array(3));
    expect(relay.s.of("protocol_error")).toEqual([]);
    relay.s.engine.sendTo(relay.id, new Uint8Array(3), true);
    expect(relay.s.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: relay.id, code: ErrorCode.OUTBOUND_FULL, message: `peer ${relay.id} reads too slowly: its outbound buffer is full`, closeCode: 4004 },
    ]);
  });

  it("a message too big for the buffer alone is no sign of a slow peer", () => {
    const big = slow("close-on-relay");
    big.connection.bufferedAmount = 0;
    big.s.engine.sendTo(big.id, new Uint8Array(11), true);
    expect(big.s.of("protocol_error")).toEqual([]);
    big.s.engine.sendTo(big.id, new Uint8Array(10), true);
    expect(big.s.of("protocol_error")).toEqual([]);
  });

  it("'close' closes a buffer still full after slowPeerTimeout, checked at the deadline and on each refusal", () => {
    const t = slow("close", 2);
    t.s.now = 100;
    t.s.engine.sendTo(t.id, new Uint8Array(5));
    expect(t.s.engine.nextDeadline()).toBe(2100);
    expect(t.s.wakes.at(-1)).toBe(2100);
    t.s.now = 1000;
    t.s.engine.sendTo(t.id, new Uint8Array(3));
    t.s.engine.tick(2099);
    expect(t.s.of("protocol_error")).toEqual([]);
    // The smallest refused message (3 bytes) still does not fit: closed.
    t.connection.bufferedAmount = 8;
    t.s.engine.tick(2100);
    expect(t.s.of("protocol_error").map((e) => e.info.closeCode)).toEqual([4004]);
    const refused = slow("close", 2);
    refused.s.engine.sendTo(refused.id, new Uint8Array(5));
    refused.s.now = 1999;
    refused.s.engine.sendTo(refused.id, new Uint8Array(5));
    expect(refused.s.of("protocol_error")).toEqual([]);
    refused.s.now = 2000;
    refused.s.engine.sendTo(refused.id, new Uint8Array(5));
    expect(refused.s.of("protocol_error").map((e) => e.info.closeCode)).toEqual([4004]);
  });

  it("a buffer that drained by the deadline, or took a message, clears the clock", () => {
    const drained = slow("close", 1);
    drained.s.engine.sendTo(drained.id, new Uint8Array(5));
    drained.connection.bufferedAmount = 0;
    drained.s.engine.tick(1000);
    expect(drained.s.engine.nextDeadline()).toBeUndefined();
    const took = slow("close", 1);
    took.s.engine.sendTo(took.id, new Uint8Array(5));
    took.s.engine.sendTo(took.id, new Uint8Array(1));
    expect(took.s.engine.nextDeadline()).toBeUndefined();
    took.s.engine.tick(1000);
    expect(took.s.of("protocol_error")).toEqual([]);
  });

  it("a peer that closes while its clock runs is not closed again at the deadline", () => {
    const t = slow("close", 1);
    t.s.engine.sendTo(t.id, new Uint8Array(5));
    t.s.engine.disconnectPeer(t.id);
    t.s.engine.tick(1000);
    expect(t.s.of("protocol_error")).toEqual([]);
  });
});
