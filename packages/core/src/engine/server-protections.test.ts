import { describe, expect, it } from "vitest";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import { engineClient, engineServer } from "../testing/fake-sockets.js";
import type { ClientDialectFactory, ServerDialectFactory } from "./dialect-contract.js";

/**
 * The server's protections where they meet: the caps counted at accept, the close reasons sent
 * for each violation, and the heartbeat and slow-peer clocks of the same peer.
 */

describe("caps counted at accept", () => {
  it("maxPeers is checked at accept already: the socket is dropped before its handshake", () => {
    const s = engineServer({ limits: { maxPeers: 1 } });
    s.peers(1);
    const late = s.accept();
    expect(late.pending.aborted).toBe(1);
    expect(s.of("handshake_failed").map((e) => `${e.info.refusal}: ${e.info.reason}`)).toEqual(["max_peers: refused at accept (max_peers)"]);
    expect(s.engine.liveConnections).toBe(1);
  });

  it("a connection refused at accept, or a peer closing, frees no handshake slot", () => {
    const s = engineServer({ limits: { maxPendingHandshakes: 1 } });
    const [peer] = s.peers(1);
    s.engine.disconnectPeer(peer!.link.id);
    expect(s.accept().pending.aborted).toBe(0);
    expect(s.accept().pending.aborted).toBe(1);
    expect(s.accept().pending.aborted).toBe(1);
    expect(s.engine.refusals.byReason.max_pending_handshakes).toBe(2);
  });
});

describe("the reason of each close frame", () => {
  it("names a rate limit, a slow reader, and nothing for a dialect's own error", () => {
    const rated = engineServer({ limits: { maxInboundMessagesPerSecond: 1 }, options: { overflow: "close" } });
    const rater = rated.accept();
    const raterConnection = rater.open();
    rater.link.message(new Uint8Array(1));
    rater.link.message(new Uint8Array(1));
    expect(raterConnection.closes).toEqual([[CloseCode.POLICY_VIOLATION, "Rate limit exceeded"]]);

    const slow = engineServer({ limits: { slowPeer: "close-on-relay" }, options: { outboundBufferSize: 10 } });
    const reader = slow.accept();
    const readerConnection = reader.open();
    readerConnection.bufferedAmount = 8;
    slow.engine.sendTo(reader.link.id, new Uint8Array(3), true);
    expect(readerConnection.closes).toEqual([[4004, "Outbound buffer full"]]);

    let reject = (_id: number): void => {};
    const dialect: ServerDialectFactory = (ctx) => {
      reject = (id) => ctx.reject(id, 4000, ErrorCode.VARIANT, "bad variant");
      return createGodot4Server(ctx);
    };
    const own = engineServer({ dialect });
    const [peer] = own.peers(1);
    const connection = own.engine.getPeer(peer!.link.id)!.connection as unknown as { closes: unknown[] };
    reject(peer!.link.id);
    expect(connection.closes).toEqual([[4000, ""]]);
  });

  it("a client that fails the server's authentication says so in its close frame", () => {
    const dialect: ClientDialectFactory = (ctx) => ({ ...createGodot4Client(ctx), receive: () => ctx.fail(CloseCode.AUTH_FAILED, ErrorCode.AUTH_FAILED, "wrong key") });
    const c = engineClient({ dialect });
    const connection = c.open();
    c.link.message(new Uint8Array(1));
    expect(connection.closes).toEqual([[CloseCode.AUTH_FAILED, "Authentication failed"]]);
  });
});

describe("a peer's clocks", () => {
  /** A peer with a heartbeat every `beat` s and a `slowPeer: "close"` clock of `slowAfter` s, its buffer full. */
  function clocked(beat: number, slowAfter: number) {
    const s = engineServer({ options: { heartbeatInterval: beat, heartbeatTimeout: 1, outboundBufferSize: 10 }, limits: { slowPeer: "close", slowPeerTimeout: slowAfter } });
    const socket = s.accept();
    const connection = socket.open();
    connection.bufferedAmount = 8;
    s.engine.sendTo(socket.link.id, new Uint8Array(5));
    return s;
  }

  it("the next deadline is the earlier of the heartbeat and the slow-peer clock", () => {
    expect(clocked(10, 1).engine.nextDeadline()).toBe(1000);
    expect(clocked(1, 10).engine.nextDeadline()).toBe(1000);
    expect(clocked(2, 3).engine.nextDeadline()).toBe(2000);
  });

  it("only 'close' arms a clock: a refusal under 'drop' asks for no wake-up", () => {
    const s = engineServer({ limits: { slowPeer: "drop" }, options: { outboundBufferSize: 10 } });
    const socket = s.accept();
    socket.open().bufferedAmount = 8;
    const wakes = s.wakes.length;
    s.engine.sendTo(socket.link.id, new Uint8Array(5), true);
    expect(s.wakes.length).toBe(wakes);
    expect(s.engine.nextDeadline()).toBeUndefined();
  });

  it("a buffer full only by the message count, or for a message of exactly its size, is a slow peer", () => {
    const counted = engineServer({ limits: { slowPeer: "close-on-relay" }, options: { outboundBufferSize: 0, maxQueuedPackets: 2 } });
    const a = counted.accept();
    a.open().bufferedMessages = 2;
    counted.engine.sendTo(a.link.id, new Uint8Array(100), true);
    expect(counted.of("protocol_error").map((e) => e.info.closeCode)).toEqual([4004]);
    const exact = engineServer({ limits: { slowPeer: "close-on-relay" }, options: { outboundBufferSize: 10 } });
    const b = exact.accept();
    b.open().bufferedAmount = 1;
    exact.engine.sendTo(b.link.id, new Uint8Array(10), true);
    expect(exact.of("protocol_error").map((e) => e.info.closeCode)).toEqual([4004]);
  });

  it("a peer that is closing is not pinged any more", () => {
    const s = engineServer({ options: { heartbeatInterval: 1, heartbeatTimeout: 5, handshakeTimeout: 10 } });
    const socket = s.accept();
    const connection = socket.open();
    s.engine.disconnectPeer(socket.link.id);
    s.engine.tick(1000);
    s.engine.tick(7000);
    expect(connection.pings).toBe(0);
    expect(s.of("protocol_error")).toEqual([]);
  });
});
