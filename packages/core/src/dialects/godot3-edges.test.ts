import { describe, expect, it } from "vitest";
import { engineClient, engineServer } from "../testing/fake-sockets.js";
import { fromHex } from "../shared/bytes.js";
import { ErrorCode } from "../shared/errors.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message, encodeGodot3Sys, Godot3Sys } from "./godot3-dialect.js";

/** The Godot 3 dialect at the engines: what each rule says, and which messages count as relayed. */

function server(config: Parameters<typeof engineServer>[0] = {}) {
  const s = engineServer({ ...config, dialect: createGodot3Server });
  return s;
}

describe("godot3 server: what a client that breaks the rules is told", () => {
  it("names the rule in the protocol error", () => {
    const s = server();
    const peers = s.peers(3);
    const [short, system, forger] = peers.map((p) => p.link.id);
    peers[0]!.link.message(fromHex("00 2C 01 00"));
    peers[1]!.link.message(encodeGodot3Message(Godot3Sys.ADD, system!, 0, fromHex("01 00 00 00")));
    peers[2]!.link.message(encodeGodot3Message(0, 999, 0, fromHex("01")));
    expect(s.of("protocol_error").map((e) => e.info)).toEqual([
      { peer: short, code: ErrorCode.PROTOCOL, closeCode: 1002, message: "message of 4 bytes is shorter than the 9-byte Godot 3 header" },
      { peer: system, code: ErrorCode.PROTOCOL, closeCode: 1002, message: "clients may not send message type 1 (only 0, a packet)" },
      { peer: forger, code: ErrorCode.PROTOCOL, closeCode: 1008, message: `packet claims to come from 999, but the sender is ${forger}` },
    ]);
  });

  it("names why a packet was dropped: sent before the id, to the sender itself, to a peer that is not there", () => {
    const s = server();
    const [peer] = s.peers(1);
    const id = peer!.link.id;
    peer!.link.message(encodeGodot3Message(0, 0, 0, fromHex("01")));
    peer!.link.message(encodeGodot3Message(0, id, id, fromHex("01 02")));
    peer!.link.message(encodeGodot3Message(0, id, 4242, fromHex("01 02 03")));
    expect(s.of("packet_dropped").map((e) => e.info)).toEqual([
      { peer: id, direction: "in", size: 10, code: ErrorCode.PROTOCOL, reason: "sent before the client knew its id (from = 0)" },
      { peer: id, direction: "in", size: 11, code: ErrorCode.UNKNOWN_PEER, reason: "a client cannot relay a packet to itself" },
      { peer: id, direction: "in", size: 12, code: ErrorCode.UNKNOWN_PEER, reason: "no connected peer 4242 to relay to" },
    ]);
    expect(s.of("protocol_error")).toEqual([]);
  });

  it("takes a header with no payload as an empty packet", () => {
    const s = server();
    const [peer] = s.peers(1);
    peer!.link.message(encodeGodot3Message(0, peer!.link.id, 1));
    expect(s.of("protocol_error")).toEqual([]);
    expect(s.engine.inbox.availablePackets).toBe(1);
  });
});

describe("godot3 server: joins, leaves and relays", () => {
  it("a newcomer whose SYS_ID cannot be sent never becomes a peer", () => {
    const s = server({ options: { outboundBufferSize: 12 } });
    s.accept().open();
    expect(s.of("peer_connected")).toEqual([]);
    expect(s.of("handshake_failed").map((e) => e.info.code)).toEqual([ErrorCode.OUTBOUND_FULL]);
    expect(s.engine.liveConnections).toBe(0);
  });

  it("a relayed packet and a leave announcement are relays: a slow receiver is closed for them under 'close-on-relay'", () => {
    const relay = server({ options: { outboundBufferSize: 20 }, limits: { slowPeer: "close-on-relay" } });
    const [sender, slow] = relay.peers(2);
    (relay.engine.getPeer(slow!.link.id)!.connection as unknown as { bufferedAmount: number }).bufferedAmount = 15;
    sender!.link.message(encodeGodot3Message(0, sender!.link.id, 0, fromHex("01")));
    expect(relay.of("protocol_error").map((e) => [e.info.peer, e.info.closeCode])).toEqual([[slow!.link.id, 4004]]);

    const leave = server({ options: { outboundBufferSize: 20 }, limits: { slowPeer: "close-on-relay" } });
    const [leaver, listener] = leave.peers(2);
    (leave.engine.getPeer(listener!.link.id)!.connection as unknown as { bufferedAmount: number }).bufferedAmount = 15;
    leaver!.link.closed(1000, "");
    expect(leave.of("protocol_error").map((e) => [e.info.peer, e.info.closeCode])).toEqual([[listener!.link.id, 4004]]);
  });
});

describe("godot3 server: a peer dropped by the announcement of a newcomer", () => {
  it("is not announced to the newcomer (it was announced as gone already)", () => {
    const s = server({ options: { outboundBufferSize: 20 }, limits: { slowPeer: "close", slowPeerTimeout: 0 } });
    const [slow, stays] = s.peers(2);
    (s.engine.getPeer(slow!.link.id)!.connection as unknown as { bufferedAmount: number }).bufferedAmount = 15;
    const newcomer = s.accept();
    const connection = newcomer.open();
    const sent = connection.sent.map((d) => Array.from(d as Uint8Array).join(","));
    const sys = (type: 1 | 2 | 3, id: number): string => Array.from(encodeGodot3Sys(type, id)).join(",");
    expect(sent).not.toContain(sys(Godot3Sys.ADD, slow!.link.id));
    expect(sent).toContain(sys(Godot3Sys.ADD, stays!.link.id));
    expect(s.of("peer_connected").map((e) => e.id)).toEqual([newcomer.link.id]);
  });
});

describe("godot3 client: what a server that breaks the rules is told", () => {
  const ID = encodeGodot3Sys(Godot3Sys.ID, 600);
  const ADD1 = encodeGodot3Sys(Godot3Sys.ADD, 1);
  for (const [message, sent] of [
    ["message of 5 bytes is shorter than the 9-byte Godot 3 header", [fromHex("03 01 00 00 00")]],
    ["unknown message type 7", [ID, fromHex("07 01 00 00 00 00 00 00 00 01 00 00 00")]],
    ["system message 3 without its 4-byte peer id", [fromHex("03 01 00 00 00 00 00 00 00 58 02")]],
    ["SYS_ID carries 1, not an id >= 2", [fromHex("03 01 00 00 00 00 00 00 00 01 00 00 00")]],
    ["SYS_ADD(1) arrived before SYS_ID", [ADD1, ID]],
  ] as const) {
    it(`fails with "${message}"`, () => {
      const c = engineClient({ dialect: createGodot3Client });
      c.open();
      for (const data of sent) c.link.message(data);
      expect(c.events[0]).toEqual({ type: "protocol_error", info: { peer: 1, code: ErrorCode.PROTOCOL, closeCode: 1002, message } });
    });
  }

  it("keeps a copy of each packet: the transport may reuse the message's buffer", () => {
    const c = engineClient({ dialect: createGodot3Client });
    c.open();
    c.link.message(ID);
    c.link.message(ADD1);
    const message = encodeGodot3Message(0, 1, 600, fromHex("AA BB"));
    c.link.message(message);
    message.fill(0);
    expect(c.engine.inbox.receive()).toMatchObject({ from: 1, data: fromHex("AA BB") });
  });
});
