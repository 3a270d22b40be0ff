import { describe, expect, it } from "vitest";
import { GodotError } from "../shared/constants.js";
import { ErrorCode, InvalidStateError } from "../shared/errors.js";
import type { ServerDialectContext, ServerDialectFactory } from "./dialect-contract.js";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { engineServer } from "../testing/fake-sockets.js";

/** The server engine driven through its links, with sockets that record what it asked of them. */

describe("server engine deadlines", () => {
  it("times out only the handshakes that are due, whatever the order they were accepted in", () => {
    const s = engineServer();
    s.now = 1000;
    const late = s.accept();
    s.now = 0;
    const early = s.accept();
    expect(s.wakes).toEqual([4000, 3000]);
    expect(s.engine.nextDeadline()).toBe(3000);
    expect(s.engine.tick(2999)).toBe(3000);
    expect(s.events).toEqual([]);
    expect(s.engine.tick(3000)).toBe(4000);
    expect(s.events).toEqual([
      {
        type: "handshake_failed",
        info: { id: early.link.id, remoteAddress: "127.0.0.1", remotePort: 4321, code: ErrorCode.HANDSHAKE_TIMEOUT, reason: "the WebSocket handshake did not finish in time", refusal: undefined },
      },
    ]);
    expect([early.pending.aborted, late.pending.aborted]).toEqual([1, 0]);
    expect(s.engine.liveConnections).toBe(1);
    expect(s.engine.tick(4000)).toBeUndefined();
    expect(late.pending.aborted).toBe(1);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("terminates only the close handshakes that are due, and names the earliest deadline", () => {
    const s = engineServer();
    const [a, b, c] = s.peers(3);
    s.now = 500;
    s.engine.disconnectPeer(b!.link.id);
    s.now = 100;
    s.engine.disconnectPeer(a!.link.id);
    // Open peers have no deadline of their own: the earliest close deadline is the next one.
    expect(s.engine.nextDeadline()).toBe(3100);
    s.engine.tick(3100);
    expect(s.of("peer_disconnected").map((e) => e.id)).toEqual([a!.link.id]);
    expect(s.engine.nextDeadline()).toBe(3500);
    s.engine.tick(3499);
    expect(s.of("peer_disconnected")).toHaveLength(1);
    s.engine.tick(3500);
    expect(s.of("peer_disconnected").map((e) => [e.id, e.info])).toEqual([
      [a!.link.id, { code: 1000, reason: "", wasClean: false, byServer: true }],
      [b!.link.id, { code: 1000, reason: "", wasClean: false, byServer: true }],
    ]);
    expect(s.engine.nextDeadline()).toBeUndefined();
    expect(s.engine.peerIds()).toEqual([c!.link.id]);
  });

  it("asks for the dialect's deadline when it is the earliest, and not after close()", () => {
    const dialect: ServerDialectFactory = (ctx) => ({ ...createGodot4Server(ctx), nextDeadline: () => 50, tick: (now) => void ctx.signal("dialect_tick", now) });
    const s = engineServer({ dialect });
    s.accept();
    expect(s.engine.nextDeadline()).toBe(50);
    s.engine.tick(60);
    expect(s.events).toEqual([{ type: "signal", name: "dialect_tick", args: [60] }]);
    s.engine.close();
    expect(s.engine.nextDeadline()).toBeUndefined();
    s.engine.tick(70);
    expect(s.events).toHaveLength(1);
  });
});

describe("server engine: how a peer leaves", () => {
  it("a transport error on an open peer closes it with 1002 and WSMP_ERR_PROTOCOL", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    peer!.link.error("invalid frame header");
    expect(s.events).toEqual([{ type: "protocol_error", info: { peer: id, code: ErrorCode.PROTOCOL, message: "invalid frame header", closeCode: 1002 } }]);
    expect(s.engine.peerIds()).toEqual([]);
    expect(s.engine.getPeer(id)?.closeCode).toBe(1002);
    expect(s.engine.getPeer(id)?.closeReason).toBe("Protocol error");
  });

  it("a transport error with 1009 closes with 1009 and WSMP_ERR_MESSAGE_TOO_BIG; other codes keep WSMP_ERR_PROTOCOL", () => {
    const s = engineServer();
    const [big, bad] = s.peers(2);
    big!.link.error("frame too large", 1009);
    bad!.link.error("invalid UTF-8", 1007);
    expect(s.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: big!.link.id, code: ErrorCode.MESSAGE_TOO_BIG, message: "frame too large", closeCode: 1009 },
      { peer: bad!.link.id, code: ErrorCode.PROTOCOL, message: "invalid UTF-8", closeCode: 1007 },
    ]);
    expect([s.engine.getPeer(big!.link.id)?.closeReason, s.engine.getPeer(bad!.link.id)?.closeReason]).toEqual(["Message too big", "Protocol error"]);
  });

  it("a transport error before the socket opened or after the close started is ignored", () => {
    const s = engineServer();
    const pending = s.accept();
    pending.link.error("reset");
    const [closing] = s.peers(1);
    s.engine.disconnectPeer(closing!.link.id, { code: 4000, reason: "bye" });
    s.events.length = 0;
    closing!.link.error("reset", 1009);
    expect(s.events).toEqual([]);
    expect(s.engine.getPeer(closing!.link.id)?.closeCode).toBe(4000);
    expect(pending.pending.aborted).toBe(0);
  });

  it("a remote close fires close_request then peer_disconnected with the code, the reason and a clean close", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    peer!.link.closed(4100, "see you\0");
    expect(s.events).toEqual([
      { type: "close_request", id, code: 4100, reason: "see you" },
      { type: "peer_disconnected", id, info: { code: 4100, reason: "see you", wasClean: true, byServer: false } },
    ]);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("an abnormal drop (1006) fires no close_request, and peer_disconnected says it was not clean", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    peer!.link.closed(1006, "");
    expect(s.events).toEqual([{ type: "peer_disconnected", id, info: { code: 1006, reason: "", wasClean: false, byServer: false } }]);
  });

  it("a close the server started reports byServer and whether the peer answered it", () => {
    const s = engineServer();
    const [answered, dropped] = s.peers(2);
    s.engine.disconnectPeer(answered!.link.id, { code: 4000, reason: "kick" });
    s.engine.disconnectPeer(dropped!.link.id);
    expect(s.events).toEqual([]);
    answered!.link.closed(4000, "kick");
    dropped!.link.closed(1006, "");
    expect(s.of("peer_disconnected").map((e) => [e.id, e.info])).toEqual([
      [answered!.link.id, { code: 4000, reason: "kick", wasClean: true, byServer: true }],
      [dropped!.link.id, { code: 1000, reason: "", wasClean: false, byServer: true }],
    ]);
    expect(s.of("close_request")).toEqual([]);
  });

  it("a forced drop fires nothing, even for a peer already closing, and the dialect still learns it left", () => {
    const left: number[] = [];
    const dialect: ServerDialectFactory = (ctx) => ({ ...createGodot4Server(ctx), leave: (id) => void left.push(id) });
    const s = engineServer({ dialect });
    const [open, closing] = s.peers(2);
    s.engine.disconnectPeer(closing!.link.id);
    expect(left).toEqual([closing!.link.id]);
    const openConnection = open!.link;
    s.engine.disconnectPeer(open!.link.id, { force: true });
    s.engine.disconnectPeer(closing!.link.id, { force: true });
    expect(left).toEqual([closing!.link.id, open!.link.id]);
    // The sockets report their end afterwards, as real ones do: nothing more happens.
    openConnection.closed(1006, "");
    closing!.link.closed(1006, "");
    expect(s.events).toEqual([]);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("a socket that reports its end is not terminated; one that times out or is dropped is", () => {
    const s = engineServer();
    const [a, b, c] = s.peers(3);
    const connections = [a, b, c].map((peer) => s.engine.getPeer(peer!.link.id)!.connection as unknown as { terminated: number });
    a!.link.closed(1000, "");
    s.engine.disconnectPeer(b!.link.id);
    s.engine.tick(3000);
    s.engine.disconnectPeer(c!.link.id, { force: true });
    expect(connections.map((connection) => connection.terminated)).toEqual([0, 1, 1]);
  });

  it("a peer gone after close() leaves the dialect's routing alone", () => {
    const left: number[] = [];
    const dialect: ServerDialectFactory = (ctx) => ({ ...createGodot4Server(ctx), leave: (id) => void left.push(id) });
    const s = engineServer({ dialect });
    const [peer] = s.peers(1);
    s.engine.close();
    peer!.link.closed(1000, "");
    expect(left).toEqual([]);
  });

  it("a socket that closes during its handshake fails it with WSMP_ERR_CLOSED and no peer event", () => {
    const s = engineServer();
    const socket = s.accept();
    socket.link.closed(1001, "");
    expect(s.events).toEqual([
      {
        type: "handshake_failed",
        info: { id: socket.link.id, remoteAddress: "127.0.0.1", remotePort: 4321, code: ErrorCode.CLOSED, reason: "the socket closed during the handshake", refusal: undefined },
      },
    ]);
    expect(s.engine.liveConnections).toBe(0);
  });
});

describe("server engine lifecycle", () => {
  it("starts once", () => {
    const s = engineServer();
    expect(() => s.engine.started()).toThrow(new InvalidStateError("server already started", GodotError.ERR_ALREADY_IN_USE));
    expect(s.engine.getUniqueId()).toBe(1);
  });

  it("close() sends 1000 to open peers, aborts handshakes, and leaves no packet to read", () => {
    const s = engineServer();
    const pending = s.accept();
    const open = s.accept();
    const connection = open.open();
    open.link.message(new Uint8Array([7]));
    expect(s.engine.inbox.availablePackets).toBe(1);
    s.events.length = 0;
    s.engine.close();
    expect(connection.closes).toEqual([[1000, ""]]);
    expect(pending.pending.aborted).toBe(1);
    expect(s.engine.inbox.availablePackets).toBe(0);
    expect(s.engine.inbox.receive()).toBeUndefined();
    expect(s.engine.getUniqueId()).toBe(0);
    expect(s.engine.peerIds()).toEqual([]);
    expect(s.engine.getPeer(open.link.id)).toMatchObject({ state: "closing", closedByServer: true });
    // Its socket is terminated at the close deadline; no event fires after close().
    expect(s.engine.nextDeadline()).toBe(3000);
    s.engine.tick(3000);
    expect(connection.terminated).toBe(1);
    expect(s.events).toEqual([]);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("close() on a stopped server with nothing live does nothing; with sockets still closing it still clears", () => {
    const s = engineServer({ start: false });
    s.engine.close();
    expect(s.engine.getConnectionStatus()).toBe(0);
    const t = engineServer();
    const [peer] = t.peers(1);
    t.engine.close();
    t.engine.close();
    expect(t.engine.liveConnections).toBe(1);
    peer!.link.closed(1000, "");
    expect(t.engine.liveConnections).toBe(0);
    expect(t.events).toEqual([]);
  });

  it("a server not started aborts every socket it is handed, without a refusal", () => {
    const s = engineServer({ start: false });
    const socket = s.accept();
    expect(socket.pending.aborted).toBe(1);
    expect(s.events).toEqual([]);
    expect(s.engine.refusals.total).toBe(0);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("a connection refused at accept says why", () => {
    const s = engineServer({ limits: { maxPendingHandshakes: 1 } });
    s.accept();
    const refused = s.accept();
    expect(refused.pending.aborted).toBe(1);
    expect(s.events).toEqual([
      {
        type: "handshake_failed",
        info: {
          id: refused.link.id,
          remoteAddress: "127.0.0.1",
          remotePort: 4321,
          code: ErrorCode.HANDSHAKE_REJECTED,
          reason: "refused at accept (max_pending_handshakes)",
          refusal: "max_pending_handshakes",
        },
      },
    ]);
  });

  it("a socket that opens while the server refuses new connections is dropped, and says why", () => {
    const s = engineServer();
    const socket = s.accept();
    s.engine.refuseNewConnections = true;
    expect(s.engine.refuseNewConnections).toBe(true);
    const connection = socket.open();
    expect(connection.terminated).toBe(1);
    expect(s.events).toEqual([
      {
        type: "handshake_failed",
        info: { id: socket.link.id, remoteAddress: "127.0.0.1", remotePort: 4321, code: ErrorCode.HANDSHAKE_REJECTED, reason: "the server refuses new connections", refusal: "refusing" },
      },
    ]);
  });

  it("a peer whose join messages cannot be sent is dropped, and says why", () => {
    const s = engineServer({ options: { outboundBufferSize: 3 } });
    const socket = s.accept();
    const connection = socket.open();
    expect(connection.terminated).toBe(1);
    expect(s.of("handshake_failed").map((e) => [e.info.code, e.info.reason])).toEqual([[ErrorCode.OUTBOUND_FULL, "the join messages could not be sent"]]);
    expect(s.of("peer_connected")).toEqual([]);
  });

  it("a peer a listener drops from inside its join is not announced", () => {
    const dialect: ServerDialectFactory = (ctx) => ({ ...createGodot4Server(ctx), admit: (id) => (ctx.disconnect(id, 4000, "no"), true) });
    const s = engineServer({ dialect });
    const socket = s.accept();
    socket.open();
    expect(s.of("peer_connected")).toEqual([]);
    expect(s.engine.hasPeer(socket.link.id)).toBe(false);
  });

  it("a second open of the same socket is terminated", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    const again = peer!.open();
    expect(again.terminated).toBe(1);
    expect(s.events).toEqual([]);
  });
});

describe("server engine: per-peer calls", () => {
  it("disconnectPeer answers whether such a peer was live, and drops a handshake at once", () => {
    const s = engineServer();
    const pending = s.accept();
    expect(s.engine.getPeer(pending.link.id)).toBeUndefined();
    expect(s.engine.disconnectPeer(pending.link.id)).toBe(true);
    expect(pending.pending.aborted).toBe(1);
    expect(s.engine.disconnectPeer(pending.link.id)).toBe(false);
    expect(s.engine.disconnectPeer(12345)).toBe(false);
    const [peer] = s.peers(1);
    expect(s.engine.disconnectPeer(peer!.link.id)).toBe(true);
    // Closing already: still live, nothing more to do.
    expect(s.engine.disconnectPeer(peer!.link.id)).toBe(true);
    expect(s.engine.getPeer(peer!.link.id)?.state).toBe("closing");
  });

  it("sendTo reaches only open peers", () => {
    const s = engineServer();
    const pending = s.accept();
    const [peer] = s.peers(1);
    expect(s.engine.sendTo(pending.link.id, new Uint8Array([1]))).toBe(GodotError.FAILED);
    expect(s.engine.sendTo(99, new Uint8Array([1]))).toBe(GodotError.FAILED);
    expect(s.engine.sendTo(peer!.link.id, new Uint8Array([1]))).toBe(GodotError.OK);
    s.engine.disconnectPeer(peer!.link.id);
    expect(s.engine.sendTo(peer!.link.id, new Uint8Array([1]))).toBe(GodotError.FAILED);
  });

  it("a message larger than inboundBufferSize closes the peer with 1009, naming the sizes", () => {
    const s = engineServer({ options: { inboundBufferSize: 4 } });
    const [peer] = s.peers(1);
    peer!.link.message(new Uint8Array(4));
    peer!.link.message(new Uint8Array(5));
    expect(s.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: peer!.link.id, code: ErrorCode.MESSAGE_TOO_BIG, message: "message of 5 bytes exceeds inboundBufferSize (4)", closeCode: 1009 },
    ]);
    expect(s.engine.inbox.availablePackets).toBe(1);
  });

  it("a full inbound queue drops or closes, naming the peer and the limit", () => {
    const drop = engineServer({ options: { maxQueuedPackets: 1 } });
    const [a] = drop.peers(1);
    a!.link.message(new Uint8Array([1]));
    a!.link.message(new Uint8Array([2]));
    expect(drop.of("packet_dropped").map((e) => e.info)).toEqual([
      { peer: a!.link.id, direction: "in", size: 1, code: ErrorCode.INBOUND_FULL, reason: `peer ${a!.link.id}: 1 packets / 1 bytes already queued` },
    ]);
    expect(drop.engine.inbox.droppedPacketCount).toBe(1);
    const close = engineServer({ options: { maxQueuedPackets: 1, overflow: "close" } });
    const [b] = close.peers(1);
    b!.link.message(new Uint8Array([1]));
    b!.link.message(new Uint8Array([2]));
    expect(close.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: b!.link.id, code: ErrorCode.INBOUND_FULL, message: `inbound queue full: peer ${b!.link.id}: 1 packets / 1 bytes already queued`, closeCode: 1008 },
    ]);
  });
});

/** A godot4 server dialect that defers admission and hands its context out, as a custom dialect may use it. */
function exposed(defer = false): { factory: ServerDialectFactory; ctx: () => ServerDialectContext } {
  let saved: ServerDialectContext | undefined;
  return {
    factory: (ctx) => {
      saved = ctx;
      const base = createGodot4Server(ctx);
      return defer ? { ...base, admit: (id) => (base.admit(id) ? "deferred" : false) } : base;
    },
    ctx: () => saved!,
  };
}

describe("server engine: what a dialect may ask", () => {
  it("a deferred peer is admitted once, by the dialect's call", () => {
    const d = exposed(true);
    const s = engineServer({ dialect: d.factory });
    const socket = s.accept();
    socket.open();
    expect(s.engine.hasPeer(socket.link.id)).toBe(false);
    expect(s.of("peer_connected")).toEqual([]);
    expect(d.ctx().connected(socket.link.id)).toBe(true);
    expect(d.ctx().connected(socket.link.id)).toBe(false);
    expect(d.ctx().connected(4242)).toBe(false);
    expect(s.of("peer_connected")).toEqual([{ type: "peer_connected", id: socket.link.id, protocol: "" }]);
    s.engine.disconnectPeer(socket.link.id);
    expect(d.ctx().connected(socket.link.id)).toBe(false);
  });

  it("delivery for a connection that is not live, and rejection of one that is not open, do nothing", () => {
    const d = exposed();
    const s = engineServer({ dialect: d.factory });
    const [peer] = s.peers(1);
    expect(d.ctx().deliver(2, new Uint8Array([1]), 4242)).toBe(false);
    d.ctx().reject(4242, 1002, "WSMP_ERR_PROTOCOL", "nobody");
    s.engine.disconnectPeer(peer!.link.id, { code: 4000 });
    d.ctx().reject(peer!.link.id, 1002, "WSMP_ERR_PROTOCOL", "too late");
    expect(s.events).toEqual([]);
    expect(s.engine.getPeer(peer!.link.id)?.closeCode).toBe(4000);
    expect(s.engine.inbox.availablePackets).toBe(0);
  });

  it("a protocol_error listener that closes the peer itself is not overridden", () => {
    const s = engineServer();
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    const record = s.events.push.bind(s.events);
    s.events.push = (...events) => {
      if (events[0]?.type === "protocol_error") s.engine.disconnectPeer(id, { code: 4321 });
      return record(...events);
    };
    peer!.link.error("bad", 1009);
    expect(s.engine.getPeer(id)?.closeCode).toBe(4321);
  });
});

describe("server engine: refusals", () => {
  it("a refused upgrade leaves the socket to the adapter, which answers it", () => {
    const s = engineServer({ options: { supportedProtocols: ["a"] } });
    const socket = s.accept();
    const decision = socket.link.upgrade(["b"], {});
    expect(decision).toMatchObject({ accept: false });
    expect(socket.pending.aborted).toBe(0);
    expect(s.engine.liveConnections).toBe(0);
    expect(s.of("handshake_failed").map((e) => e.info.refusal)).toEqual(["subprotocol"]);
  });

  it("a stopped server counts no refusal for a socket it is handed, whatever its caps say", () => {
    const s = engineServer({ limits: { maxPeersPerAddress: 1 } });
    s.peers(1);
    s.engine.close();
    s.accept();
    expect(s.events).toEqual([]);
    expect(s.engine.refusals.total).toBe(0);
  });
});
