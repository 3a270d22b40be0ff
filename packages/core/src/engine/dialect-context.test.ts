import { describe, expect, it } from "vitest";
import { createGodot3Client, createGodot3Server, encodeGodot3Message, encodeGodot3Sys, Godot3Sys } from "../dialects/godot3-dialect.js";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { ErrorCode } from "../shared/errors.js";
import { engineClient, engineServer } from "../testing/fake-sockets.js";
import type { ServerDialectContext, ServerDialectFactory } from "./dialect-contract.js";

/** What the engines give a dialect: signals, delivery, broadcast and rejection, as the dialect sees them. */

/** A godot4 server that hands its dialect context out. */
function withContext(config: Parameters<typeof engineServer>[0] = {}) {
  let saved: ServerDialectContext | undefined;
  const dialect: ServerDialectFactory = (ctx) => {
    saved = ctx;
    return createGodot4Server(ctx);
  };
  const s = engineServer({ ...config, dialect });
  return Object.assign(s, { ctx: () => saved! });
}

describe("signals and delivery", () => {
  it("with no listener filter, every signal is wanted: a server reports each packet a client sent it", () => {
    const s = engineServer({ dialect: createGodot3Server });
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    peer!.link.message(encodeGodot3Message(Godot3Sys.NONE, id, 1, new Uint8Array([7])));
    expect(s.of("signal")).toEqual([{ type: "signal", name: "peer_packet", args: [id] }]);
  });

  it("a client reports a packet only when it was queued: a full queue drops it, or closes under overflow 'close'", () => {
    for (const overflow of ["drop", "close"] as const) {
      const c = engineClient({ dialect: createGodot3Client, options: { maxQueuedPackets: 1, overflow } });
      c.open();
      c.link.message(encodeGodot3Sys(Godot3Sys.ID, 5));
      c.link.message(encodeGodot3Sys(Godot3Sys.ADD, 1));
      c.events.length = 0;
      c.link.message(encodeGodot3Message(Godot3Sys.NONE, 1, 5, new Uint8Array([1])));
      c.link.message(encodeGodot3Message(Godot3Sys.NONE, 1, 5, new Uint8Array([2])));
      const signals = c.events.filter((e) => e.type === "signal");
      expect(signals).toEqual([{ type: "signal", name: "peer_packet", args: [1] }]);
      expect(c.types()).toContain(overflow === "drop" ? "packet_dropped" : "protocol_error");
    }
  });
});

describe("broadcast and rejection", () => {
  it("a broadcast is the server's own message unless the dialect says it relays: a slow receiver is not closed for it", () => {
    const s = withContext({ limits: { slowPeer: "close-on-relay" }, options: { outboundBufferSize: 10 } });
    const socket = s.accept();
    socket.open().bufferedAmount = 8;
    s.ctx().broadcast(new Uint8Array(5), 0, 0);
    expect(s.of("packet_dropped")).toHaveLength(1);
    expect(s.of("protocol_error")).toEqual([]);
    s.ctx().broadcast(new Uint8Array(5), 0, 0, true);
    expect(s.of("protocol_error").map((e) => e.info.code)).toEqual([ErrorCode.OUTBOUND_FULL]);
  });

  it("rejecting an id that is not a live connection does nothing", () => {
    const s = withContext();
    s.peers(1);
    s.ctx().reject(12345, 1002, ErrorCode.PROTOCOL, "who?");
    expect(s.events).toEqual([]);
    expect(s.engine.liveConnections).toBe(1);
  });
});

describe("a client that never started", () => {
  it("terminate() ends it once, as close() does", () => {
    const c = engineClient({ begin: false });
    c.engine.terminate();
    expect(c.released).toEqual([{ code: -1, reason: "", wasClean: false, byServer: false }]);
    expect(c.engine.clientState).toBe("closed");
  });
});
