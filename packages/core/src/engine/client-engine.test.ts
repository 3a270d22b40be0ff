import { describe, expect, it } from "vitest";
import { i32Bytes } from "../shared/bytes.js";
import { GodotError } from "../shared/constants.js";
import { ErrorCode, InvalidStateError } from "../shared/errors.js";
import type { ClientDialectFactory } from "./dialect-contract.js";
import { createGodot4Client } from "../dialects/godot4-dialect.js";
import { engineClient } from "../testing/fake-sockets.js";

/** The client engine driven through its link, with a socket that records what it was asked. */

const ID = i32Bytes(77);

/** A client connected as peer 77 on a recording connection, its events cleared. */
function connectedClient(config: Parameters<typeof engineClient>[0] = {}) {
  const c = engineClient(config);
  const connection = c.open();
  c.link.message(ID);
  c.events.length = 0;
  return Object.assign(c, { connection });
}

/** A godot4 client whose dialect also exposes its context (to announce peers by hand), ticks and has a deadline. */
function announcing(deadline?: number): { factory: ClientDialectFactory; ctx: () => Parameters<ClientDialectFactory>[0]; ticks: number[] } {
  let saved: Parameters<ClientDialectFactory>[0] | undefined;
  const ticks: number[] = [];
  return {
    factory: (ctx) => {
      saved = ctx;
      return { ...createGodot4Client(ctx), tick: (now) => void ticks.push(now), nextDeadline: () => deadline };
    },
    ctx: () => saved!,
    ticks,
  };
}

describe("client engine deadlines", () => {
  it("times out the handshake only once it is due", () => {
    const c = engineClient();
    expect(c.wakes).toEqual([3000]);
    expect(c.engine.tick(2999)).toBe(3000);
    expect(c.events).toEqual([]);
    expect(c.engine.tick(3000)).toBeUndefined();
    expect(c.aborted).toBe(1);
    expect(c.events).toEqual([
      { type: "connection_failed", failure: { code: ErrorCode.HANDSHAKE_TIMEOUT, message: "no id from the server within handshakeTimeout", closeCode: -1 } },
      { type: "closed", info: { code: -1, reason: "", wasClean: false, byServer: false } },
    ]);
  });

  it("terminates its close handshake only once it is due", () => {
    const c = connectedClient();
    c.now = 100;
    c.engine.disconnect(4000, "bye");
    expect(c.connection.closes).toEqual([[4000, "bye"]]);
    expect(c.engine.nextDeadline()).toBe(3100);
    c.engine.tick(3099);
    expect(c.connection.terminated).toBe(0);
    c.engine.tick(3100);
    expect(c.connection.terminated).toBe(1);
    expect(c.events).toEqual([
      { type: "peer_disconnected", id: 1, info: { code: 4000, reason: "bye", wasClean: false, byServer: false } },
      { type: "closed", info: { code: 4000, reason: "bye", wasClean: false, byServer: false } },
    ]);
  });

  it("names the earliest of its own, the dialect's and the heartbeat's deadlines", () => {
    for (const [dialectDue, expected] of [
      [500, 500],
      [5000, 2000],
    ] as const) {
      const factory: ClientDialectFactory = (ctx) => ({ ...createGodot4Client(ctx), nextDeadline: () => dialectDue });
      const c = engineClient({ dialect: factory, options: { heartbeatInterval: 2 } });
      expect(c.engine.nextDeadline()).toBe(3000);
      c.open();
      expect(c.engine.nextDeadline()).toBe(Math.min(expected, 3000));
      c.link.message(ID);
      expect(c.engine.nextDeadline()).toBe(expected);
    }
  });
});

describe("client engine: transport errors and closes", () => {
  it("a transport error after connecting closes with 1002 and WSMP_ERR_PROTOCOL, without connection_failed", () => {
    const c = connectedClient();
    c.link.error("invalid frame");
    expect(c.events).toEqual([{ type: "protocol_error", info: { peer: 1, code: ErrorCode.PROTOCOL, message: "invalid frame", closeCode: 1002 } }]);
    expect(c.connection.closes).toEqual([[1002, "Protocol error"]]);
    expect(c.engine.clientState).toBe("closing");
  });

  it("a transport error with 1009 closes with 1009 and WSMP_ERR_MESSAGE_TOO_BIG", () => {
    const c = connectedClient();
    c.link.error("frame too big", 1009);
    expect(c.events).toEqual([{ type: "protocol_error", info: { peer: 1, code: ErrorCode.MESSAGE_TOO_BIG, message: "frame too big", closeCode: 1009 } }]);
    expect(c.connection.closes).toEqual([[1009, "Message too big"]]);
  });

  it("a transport error while waiting for the id also fails the connection; one before the socket opened is a transport failure", () => {
    const waiting = engineClient();
    const connection = waiting.open();
    waiting.link.error("bad frame", 1007);
    expect(waiting.events).toEqual([
      { type: "protocol_error", info: { peer: 1, code: ErrorCode.PROTOCOL, message: "bad frame", closeCode: 1007 } },
      { type: "connection_failed", failure: { code: ErrorCode.PROTOCOL, message: "bad frame", closeCode: 1007 } },
    ]);
    expect(connection.closes).toEqual([[1007, "Protocol error"]]);
    const early = engineClient();
    early.link.error("ECONNREFUSED");
    expect(early.events).toEqual([
      { type: "connection_failed", failure: { code: ErrorCode.TRANSPORT, message: "ECONNREFUSED", closeCode: -1 } },
      { type: "closed", info: { code: -1, reason: "", wasClean: false, byServer: false } },
    ]);
    early.link.error("again");
    expect(early.events).toHaveLength(2);
  });

  it("the server's close fires close_request then peer_disconnected(1) and closed, all clean and by the server", () => {
    const c = connectedClient();
    c.link.closed(4100, "later\0");
    const info = { code: 4100, reason: "later", wasClean: true, byServer: true };
    expect(c.events).toEqual([
      { type: "close_request", code: 4100, reason: "later" },
      { type: "peer_disconnected", id: 1, info },
      { type: "closed", info },
    ]);
  });

  it("an abnormal drop (1006) fires no close_request and is neither clean nor by the server", () => {
    const c = connectedClient();
    c.link.closed(1006, "");
    const info = { code: 1006, reason: "", wasClean: false, byServer: false };
    expect(c.events).toEqual([
      { type: "peer_disconnected", id: 1, info },
      { type: "closed", info },
    ]);
    c.link.closed(1000, "");
    expect(c.events).toHaveLength(2);
  });

  it("a close before the id fails the connection, with no close_request", () => {
    const c = engineClient();
    c.open();
    c.link.closed(4000, "full");
    expect(c.events).toEqual([
      { type: "connection_failed", failure: { code: ErrorCode.CLOSED, message: "full", closeCode: 4000 } },
      { type: "closed", info: { code: 4000, reason: "full", wasClean: true, byServer: true } },
    ]);
    const notOpen = engineClient();
    notOpen.link.closed(1006, "");
    expect(notOpen.events[0]).toEqual({ type: "connection_failed", failure: { code: ErrorCode.TRANSPORT, message: "the connection closed before the server sent an id", closeCode: 1006 } });
  });

  it("a 4001 / 4002 close before the id is an authentication failure", () => {
    for (const [code, reason, message] of [
      [4001, "Authentication failed", "the server rejected our authentication (4001 Authentication failed)"],
      [4002, "", "the server's authentication timeout passed (4002)"],
    ] as const) {
      const c = engineClient();
      c.open();
      c.link.closed(code, reason);
      expect(c.events[0]).toEqual({ type: "connection_failed", failure: { code: ErrorCode.AUTH_FAILED, message, closeCode: code } });
    }
  });

  it("a protocol error after connecting does not fail the connection it already made", () => {
    const c = connectedClient();
    c.link.message(new Uint8Array(0));
    const big = connectedClient({ options: { inboundBufferSize: 4 } });
    big.link.message(new Uint8Array(5));
    expect(big.events).toEqual([
      { type: "protocol_error", info: { peer: 1, code: ErrorCode.MESSAGE_TOO_BIG, message: "message of 5 bytes exceeds inboundBufferSize (4)", closeCode: 1009 } },
    ]);
    expect(big.connection.closes).toEqual([[1009, "Message too big"]]);
  });
});

describe("client engine: closing it", () => {
  it("disconnect() while connecting aborts the socket and fails the connection", () => {
    const c = engineClient();
    c.engine.disconnect();
    expect(c.aborted).toBe(1);
    expect(c.events).toEqual([
      { type: "connection_failed", failure: { code: ErrorCode.ABORTED, message: "closed before the connection was established", closeCode: -1 } },
      { type: "closed", info: { code: -1, reason: "", wasClean: false, byServer: false } },
    ]);
    expect(c.engine.nextDeadline()).toBeUndefined();
    c.engine.disconnect();
    expect(c.events).toHaveLength(2);
  });

  it("disconnect() while waiting for the id closes with the code given and fails the connection", () => {
    const c = engineClient();
    const connection = c.open();
    c.engine.disconnect(4005, "changed my mind");
    expect(connection.closes).toEqual([[4005, "changed my mind"]]);
    expect(c.events).toEqual([{ type: "connection_failed", failure: { code: ErrorCode.ABORTED, message: "closed before the server sent an id", closeCode: 4005 } }]);
  });

  it("close() leaves no packet to read and fires nothing more, the socket still getting its 1000", () => {
    const c = connectedClient();
    c.link.message(new Uint8Array([1, 2]));
    expect(c.engine.inbox.availablePackets).toBe(1);
    c.events.length = 0;
    c.engine.close();
    expect(c.engine.inbox.availablePackets).toBe(0);
    expect(c.engine.inbox.receive()).toBeUndefined();
    expect(c.engine.getUniqueId()).toBe(0);
    expect(c.engine.peerIds()).toEqual([]);
    expect(c.connection.closes).toEqual([[1000, ""]]);
    c.link.closed(1000, "");
    expect(c.events).toEqual([]);
  });

  it("close() while connecting aborts the socket; close() before connecting ends it at once", () => {
    const c = engineClient();
    c.engine.close();
    expect(c.aborted).toBe(1);
    expect(c.engine.clientState).toBe("closed");
    expect(c.engine.nextDeadline()).toBeUndefined();
    const idle = engineClient({ begin: false });
    idle.engine.close();
    expect(idle.engine.clientState).toBe("closed");
    expect(idle.events).toEqual([]);
  });

  it("terminate() drops the socket with no close frame and no event", () => {
    const c = connectedClient();
    c.engine.terminate();
    expect(c.connection.terminated).toBe(1);
    expect(c.connection.closes).toEqual([]);
    expect(c.events).toEqual([]);
    expect(c.engine.clientState).toBe("closed");
    expect(c.engine.nextDeadline()).toBeUndefined();
    const early = engineClient();
    early.engine.terminate();
    expect(early.aborted).toBe(1);
  });

  it("a second open is terminated", () => {
    const c = connectedClient();
    const again = c.open();
    expect(again.terminated).toBe(1);
    expect(c.engine.currentConnection).toBe(c.connection);
  });
});

describe("client engine: peers and packets", () => {
  it("a peer announced twice joins once; a peer never announced does not leave", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    c.open();
    c.link.message(ID);
    c.events.length = 0;
    a.ctx().peerJoined(5);
    a.ctx().peerJoined(5);
    a.ctx().peerLeft(6);
    a.ctx().peerLeft(5);
    a.ctx().peerLeft(5);
    expect(c.events).toEqual([
      { type: "peer_connected", id: 5 },
      { type: "peer_disconnected", id: 5, info: { code: 1000, reason: "", wasClean: true, byServer: true } },
    ]);
  });

  it("when the connection ends, announced peers leave before the server, with the close's info", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    c.open();
    c.link.message(ID);
    a.ctx().peerJoined(5);
    c.events.length = 0;
    c.link.closed(1001, "going");
    const info = { code: 1001, reason: "going", wasClean: true, byServer: true };
    expect(c.events.map((e) => ("id" in e ? `${e.type}(${e.id})` : e.type))).toEqual(["close_request", "peer_disconnected(5)", "peer_disconnected(1)", "closed"]);
    expect(c.events[1]).toEqual({ type: "peer_disconnected", id: 5, info });
  });

  it("a packet dropped because the inbound queue is full is counted once and not made available", () => {
    const c = connectedClient({ options: { maxQueuedPackets: 1 } });
    c.link.message(new Uint8Array([1]));
    c.link.message(new Uint8Array([2]));
    c.link.message(new Uint8Array([3]));
    expect(c.events).toEqual([
      { type: "packet_available" },
      { type: "packet_dropped", info: { peer: 1, direction: "in", size: 1, code: ErrorCode.INBOUND_FULL, reason: "1 packets / 1 bytes already queued" } },
      { type: "packet_dropped", info: { peer: 1, direction: "in", size: 1, code: ErrorCode.INBOUND_FULL, reason: "1 packets / 1 bytes already queued" } },
    ]);
    expect(c.engine.inbox.droppedPacketCount).toBe(2);
    expect(c.engine.queued).toEqual({ queuedPackets: 1, queuedBytes: 1 });
    expect(c.engine.inbox.receive()?.data).toEqual(new Uint8Array([1]));
    expect(c.engine.queued).toEqual({ queuedPackets: 0, queuedBytes: 0 });
    expect(c.engine.inbox.droppedPacketCount).toBe(2);
  });

  it("with overflow 'close' a full inbound queue closes with 1008", () => {
    const c = connectedClient({ options: { maxQueuedPackets: 1, overflow: "close" } });
    c.link.message(new Uint8Array([1]));
    c.link.message(new Uint8Array([2]));
    expect(c.events[1]).toEqual({ type: "protocol_error", info: { peer: 1, code: ErrorCode.INBOUND_FULL, message: "inbound queue full: 1 packets / 1 bytes already queued", closeCode: 1008 } });
    expect(c.connection.closes).toEqual([[1008, "Inbound queue full"]]);
  });

  it("sends only while waiting for the id or connected", () => {
    const c = engineClient();
    expect(c.engine.sendRaw(new Uint8Array([1]))).toBe(GodotError.FAILED);
    const connection = c.open();
    expect(c.engine.sendRaw(new Uint8Array([1]))).toBe(GodotError.OK);
    c.link.message(ID);
    expect(c.engine.put(1, new Uint8Array([2]))).toBe(GodotError.OK);
    c.engine.disconnect();
    expect(c.engine.sendRaw(new Uint8Array([3]))).toBe(GodotError.FAILED);
    expect(connection.sent).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
  });
});

describe("client engine: what a dialect may ask", () => {
  it("ticks the dialect and counts its deadline only while the connection is live", () => {
    const a = announcing(500);
    const c = engineClient({ dialect: a.factory });
    c.engine.tick(10);
    expect(c.engine.nextDeadline()).toBe(3000);
    c.open();
    c.engine.tick(20);
    expect(c.engine.nextDeadline()).toBe(500);
    c.link.message(ID);
    c.engine.tick(30);
    c.now = 40;
    c.engine.disconnect();
    c.engine.tick(50);
    expect(a.ticks).toEqual([20, 30]);
    expect(c.engine.nextDeadline()).toBe(3040);
  });

  it("handshakeDone stops the handshake clock while waiting for the id, and nothing else", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    c.open();
    a.ctx().handshakeDone();
    expect(c.engine.nextDeadline()).toBeUndefined();
    c.link.message(ID);
    c.engine.disconnect();
    a.ctx().handshakeDone();
    expect(c.engine.nextDeadline()).toBe(3000);
    a.ctx().wake(1234);
    expect(c.wakes).toEqual([3000, 3000, 1234]);
  });

  it("connected twice connects once; a failure once closing does nothing", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    const connection = c.open();
    c.link.message(ID);
    a.ctx().connected();
    expect(c.types()).toEqual(["connected", "peer_connected"]);
    c.engine.disconnect(4000, "");
    a.ctx().fail(1002, ErrorCode.PROTOCOL, "late");
    expect(c.types()).toEqual(["connected", "peer_connected"]);
    expect(connection.closes).toEqual([[4000, ""]]);
  });

  it("peers announced before the id are forgotten without an event when the attempt ends", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    c.open();
    a.ctx().peerJoined(5);
    c.events.length = 0;
    c.engine.disconnect();
    c.link.closed(1000, "");
    expect(c.types()).toEqual(["connection_failed", "closed"]);
  });

  it("the server a dialect said left does not leave again when the connection ends", () => {
    const a = announcing();
    const c = engineClient({ dialect: a.factory });
    c.open();
    c.link.message(ID);
    a.ctx().peerJoined(5);
    a.ctx().peerLeft(1);
    c.events.length = 0;
    c.link.closed(1000, "");
    expect(c.events.map((e) => ("id" in e ? `${e.type}(${e.id})` : e.type))).toEqual(["close_request", "peer_disconnected(5)", "closed"]);
  });
});

describe("client engine: the end of a connection", () => {
  it("connects once", () => {
    const c = engineClient();
    expect(() => c.engine.begin(() => {})).toThrow(new InvalidStateError("a client connects once; create a new client to reconnect", GodotError.ERR_ALREADY_IN_USE));
  });

  it("reports the end once to its owner, clean only after a close handshake, even after close()", () => {
    const idle = engineClient({ begin: false });
    idle.engine.close();
    const connecting = engineClient();
    connecting.engine.close();
    const clean = connectedClient();
    clean.engine.disconnect();
    clean.link.closed(1000, "");
    const silent = connectedClient();
    silent.engine.close();
    silent.link.closed(1000, "");
    const noFrame = { code: -1, reason: "", wasClean: false, byServer: false };
    expect([idle.released, connecting.released, clean.released, silent.released]).toEqual([
      [noFrame],
      [noFrame],
      [{ code: 1000, reason: "", wasClean: true, byServer: false }],
      [{ code: 1000, reason: "", wasClean: true, byServer: false }],
    ]);
    const dropped = connectedClient();
    dropped.engine.terminate();
    dropped.engine.terminate();
    expect(dropped.released).toEqual([noFrame]);
  });

  it("disconnect() closes with 1000 and no reason by default", () => {
    const c = connectedClient();
    c.engine.disconnect();
    expect(c.connection.closes).toEqual([[1000, ""]]);
  });
});
