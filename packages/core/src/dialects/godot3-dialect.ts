import { type Payload, payloadLength, readI32, toBytes, writeI32, isEmptyPayload } from "../shared/bytes.js";
import { CloseCode, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { ClientDialect, ClientDialectContext, ServerDialect, ServerDialectContext } from "../engine/dialect-contract.js";
import { ErrorCode } from "../shared/errors.js";
import { isValidPeerId } from "../engine/peer-ids.js";
import { Rpc3 } from "./rpc/g3-rpc-peer.js";
import type { HasRpc } from "./rpc/rpc-control.js";

/**
 * Godot 3 `WebSocketMultiplayerPeer` with `gd_mp_api = true`. Every message carries a 9-byte
 * header: `type` (u8), `from` (int32 LE), `to` (int32 LE), then the payload. System messages
 * (`SYS_ADD`, `SYS_DEL`, `SYS_ID`) come only from the server, with `from = 1`, `to = 0` and a
 * 4-byte int32 LE peer id as payload. The server relays packets between clients.
 *
 * Decisions where Godot's behaviour is a bug or undefined (see PROTOCOL-godot3.md):
 * - `to == -1` ("everyone but the server"): Godot 3's server keeps a copy for itself anyway (its
 *   exclusion test compares the wrong id). wsmp does not: the server application never sees a
 *   packet addressed to everyone except it. Godot clients cannot tell the difference; the relay
 *   is the same.
 * - What a client that breaks the rules gets is listed at `receive` below. Nothing a client sends
 *   ever reaches or disturbs another peer unless it passed every check.
 *
 * Payloads for this side go to the RPC layer first (rpc/g3-rpc-peer.ts): with nodes declared
 * through `node()` it runs their calls and answers their path cache; what it does not take is
 * queued for `getPacket` as before. The relay is the same either way.
 */

/** Message types of the Godot 3 header. */
export const Godot3Sys = {
  /** A packet for the application. */
  NONE: 0,
  /** A peer joined (payload: its id). */
  ADD: 1,
  /** A peer left (payload: its id). */
  DEL: 2,
  /** The receiver's own id (payload: the id). */
  ID: 3,
} as const;
export type Godot3Sys = (typeof Godot3Sys)[keyof typeof Godot3Sys];

/** Bytes of the Godot 3 multiplayer header. */
export const GODOT3_HEADER_SIZE = 9;

export interface Godot3Message {
  readonly type: number;
  readonly from: number;
  readonly to: number;
  /** The bytes after the header (a view into the message). */
  readonly payload: Uint8Array;
}

/** Builds one Godot 3 message: header plus payload (text is sent as its UTF-8 bytes). */
export function encodeGodot3Message(type: number, from: number, to: number, payload: Payload = new Uint8Array(0)): Uint8Array {
  const body = toBytes(payload);
  const out = new Uint8Array(GODOT3_HEADER_SIZE + body.byteLength);
  out[0] = type & 0xff;
  writeI32(out, 1, from);
  writeI32(out, 5, to);
  out.set(body, GODOT3_HEADER_SIZE);
  return out;
}

/** A system message as the server sends it: `from = 1`, `to = 0`, payload = `id`. */
export function encodeGodot3Sys(type: Exclude<Godot3Sys, 0>, id: number): Uint8Array {
  const body = new Uint8Array(4);
  writeI32(body, 0, id);
  return encodeGodot3Message(type, SERVER_PEER_ID, 0, body);
}

/** Splits a message into header fields and payload; `undefined` when it is shorter than the header. */
export function decodeGodot3Message(data: Uint8Array): Godot3Message | undefined {
  if (data.byteLength < GODOT3_HEADER_SIZE) return undefined;
  return { type: data[0]!, from: readI32(data, 1), to: readI32(data, 5), payload: data.subarray(GODOT3_HEADER_SIZE) };
}

function ascending(ids: Iterable<number>): number[] {
  return [...ids].sort((a, b) => a - b);
}

export function createGodot3Server(ctx: ServerDialectContext): ServerDialect & HasRpc {
  /** Sends one message to every peer in `ids`; per-peer failures are reported by `sendTo` as `packet_dropped`. */
  const sendEach = (ids: Iterable<number>, message: Uint8Array): void => {
    for (const id of ids) ctx.sendTo(id, message, true);
  };

  /**
   * Relays to every peer but the sender (and `-to` when `to` < 0), through the engine's broadcast;
   * per-peer failures are reported by the engine (see `slowPeer`). Join and leave announcements go
   * out in ascending id order, as Godot's ordered peer map has them; a relayed packet goes out in
   * whatever order the broadcast takes, because the order across different sockets is not
   * observable (each peer sees only its own stream).
   */
  const relay = (sender: number, to: number, message: Uint8Array): void => {
    ctx.broadcast(message, sender, -to, true);
  };

  /** Newcomers dropped half-way through `admit`: those who heard of them were already told they left. */
  const retracted = new Set<number>();

  const put = (target: number, data: Payload): GodotError => {
    // Godot's PacketPeer sends nothing for an empty packet and reports OK.
    if (isEmptyPayload(data) || target === SERVER_PEER_ID) return GodotError.OK;
    const message = encodeGodot3Message(Godot3Sys.NONE, SERVER_PEER_ID, target, data);
    if (target > 0) return ctx.hasPeer(target) ? ctx.sendTo(target, message) : GodotError.ERR_INVALID_PARAMETER;
    relay(SERVER_PEER_ID, target, message);
    return GodotError.OK;
  };
  const rpc = new Rpc3({
    ownId: () => SERVER_PEER_ID,
    connected: () => true,
    peers: () => ascending(ctx.peerIds()),
    hasPeer: (id) => ctx.hasPeer(id),
    send: (to, payload) => void put(to, payload),
    signal: (name, ...args) => ctx.signal(name, ...args),
  });

  return {
    name: "godot3",
    packetApi: true,
    packetOverhead: GODOT3_HEADER_SIZE,
    rpc,
    admit(newcomer) {
      // Until the join is complete its leave is not announced: the others heard nothing of the
      // newcomer yet, or were told it left below.
      retracted.add(newcomer);
      if (ctx.sendTo(newcomer, encodeGodot3Sys(Godot3Sys.ID, newcomer)) !== GodotError.OK) return false;
      if (ctx.sendTo(newcomer, encodeGodot3Sys(Godot3Sys.ADD, SERVER_PEER_ID)) !== GodotError.OK) return false;
      const told: number[] = [];
      for (const other of ascending(ctx.peerIds())) {
        if (other === newcomer) continue;
        ctx.sendTo(other, encodeGodot3Sys(Godot3Sys.ADD, newcomer));
        // An announcement that closed the other peer (`slowPeer`) announced it gone already.
        if (!ctx.hasPeer(other)) continue;
        told.push(other);
        if (ctx.sendTo(newcomer, encodeGodot3Sys(Godot3Sys.ADD, other)) !== GodotError.OK) {
          // The newcomer is dropped: take back the announcement from those who got it.
          sendEach(told, encodeGodot3Sys(Godot3Sys.DEL, newcomer));
          return false;
        }
      }
      retracted.delete(newcomer);
      return true;
    },
    leave(id) {
      rpc.peerLeft(id);
      if (retracted.delete(id)) return;
      sendEach(ascending(ctx.peerIds()), encodeGodot3Sys(Godot3Sys.DEL, id));
    },
    /**
     * One message from client `sender`. Reactions, checked in this order:
     * - shorter than 9 bytes: the framing is broken, nothing later can be trusted: close 1002
     *   (`protocol_error`, WSMP_ERR_PROTOCOL). Godot drops it with an error print.
     * - `type` other than SYS_NONE: only the server speaks system messages; a client that sends
     *   one is either not a Godot peer or forging membership: close 1002. Godot drops it.
     * - `from` is 0: a Godot client that sends before it read its SYS_ID uses 0. This is an honest
     *   race, so the packet is dropped (`packet_dropped`, WSMP_ERR_PROTOCOL) and the peer stays.
     * - any other `from` that is not the sender's id: a forged sender: close 1008 (policy
     *   violation, WSMP_ERR_PROTOCOL). Godot drops it as cheating.
     * - `to` is the sender itself: a harmless mistake, dropped (`packet_dropped`,
     *   WSMP_ERR_UNKNOWN_PEER). Godot's relay returns FAILED for it.
     * - `to` > 1 is not a connected peer: usually a peer that just left; dropped
     *   (`packet_dropped`, WSMP_ERR_UNKNOWN_PEER). Godot's relay returns FAILED for it.
     */
    receive(sender, data) {
      const bytes = toBytes(data);
      // The header is read in place: relaying a packet builds no object for it.
      if (bytes.byteLength < GODOT3_HEADER_SIZE) {
        ctx.reject(sender, CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, `message of ${bytes.byteLength} bytes is shorter than the 9-byte Godot 3 header`);
        return;
      }
      const type = bytes[0]!;
      if (type !== Godot3Sys.NONE) {
        ctx.reject(sender, CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, `clients may not send message type ${type} (only 0, a packet)`);
        return;
      }
      const from = readI32(bytes, 1);
      if (from !== sender) {
        if (from === 0) {
          ctx.dropped({ peer: sender, direction: "in", size: bytes.byteLength, code: ErrorCode.PROTOCOL, reason: "sent before the client knew its id (from = 0)" });
        } else {
          ctx.reject(sender, CloseCode.POLICY_VIOLATION, ErrorCode.PROTOCOL, `packet claims to come from ${from}, but the sender is ${sender}`);
        }
        return;
      }
      const to = readI32(bytes, 5);
      if (to > SERVER_PEER_ID && (to === sender || !ctx.hasPeer(to))) {
        const reason = to === sender ? "a client cannot relay a packet to itself" : `no connected peer ${to} to relay to`;
        ctx.dropped({ peer: sender, direction: "in", size: bytes.byteLength, code: ErrorCode.UNKNOWN_PEER, reason });
        return;
      }
      // The server's own copy: for 1, everyone, and everyone-but-someone unless that someone is 1.
      // It is a copy, so that whatever the application does with it cannot touch the relayed message.
      if (to === SERVER_PEER_ID || (to <= 0 && to !== -SERVER_PEER_ID)) {
        const own = bytes.slice(GODOT3_HEADER_SIZE);
        if (!rpc.receive(sender, own) && ctx.deliver(sender, own, sender) && ctx.listens("peer_packet")) ctx.signal("peer_packet", sender);
      }
      // The relay forwards the original message unchanged.
      if (to > SERVER_PEER_ID) ctx.sendTo(to, bytes, true);
      else if (to !== SERVER_PEER_ID) relay(sender, to, bytes);
    },
    put,
  };
}

/**
 * The client side. It learns its id from SYS_ID, is connected at SYS_ADD(1), keeps the peer
 * list from SYS_ADD / SYS_DEL, and reports each packet with its real sender. A server that sends
 * something a Godot 3 server never sends (a short message, an unknown type, a system message
 * without its id, an invalid id, SYS_ADD(1) before SYS_ID) is a protocol error: the client
 * closes with 1002 and fails.
 */
export function createGodot3Client(ctx: ClientDialectContext): ClientDialect & HasRpc {
  let ownId = 0;
  let connected = false;
  /** Peers the server announced (the server itself included once connected), for the RPC layer. */
  const peers = new Set<number>();
  const fail = (message: string): void => ctx.fail(CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, message);
  const rpc = new Rpc3({
    ownId: () => ownId,
    connected: () => connected,
    peers: () => ascending(peers),
    hasPeer: (id) => peers.has(id),
    send: (to, payload) => void ctx.send(encodeGodot3Message(Godot3Sys.NONE, ownId, to, payload)),
    signal: (name, ...args) => ctx.signal(name, ...args),
  });
  return {
    name: "godot3",
    packetApi: true,
    packetOverhead: GODOT3_HEADER_SIZE,
    addressesPeers: true,
    rpc,
    opened() {},
    receive(data) {
      const message = decodeGodot3Message(toBytes(data));
      if (!message) return fail(`message of ${payloadLength(data)} bytes is shorter than the 9-byte Godot 3 header`);
      if (message.type === Godot3Sys.NONE) {
        if (!rpc.receive(message.from, message.payload) && ctx.deliver(message.from, message.payload.slice()) && ctx.listens("peer_packet")) ctx.signal("peer_packet", message.from);
        return;
      }
      if (message.type > Godot3Sys.ID) return fail(`unknown message type ${message.type}`);
      if (message.payload.byteLength < 4) return fail(`system message ${message.type} without its 4-byte peer id`);
      const id = readI32(message.payload, 0);
      switch (message.type) {
        case Godot3Sys.ID:
          if (!isValidPeerId(id)) return fail(`SYS_ID carries ${id}, not an id >= 2`);
          ownId = id;
          ctx.setId(id);
          return;
        case Godot3Sys.ADD:
          if (id === SERVER_PEER_ID) {
            if (ownId === 0) return fail("SYS_ADD(1) arrived before SYS_ID");
            connected = true;
            peers.add(SERVER_PEER_ID);
            ctx.connected();
          } else if (isValidPeerId(id) && id !== ownId) {
            peers.add(id);
            ctx.peerJoined(id);
          }
          return;
        case Godot3Sys.DEL:
          // The server never leaves while connected; our own id is in no table (nothing to forget).
          if (id !== SERVER_PEER_ID) {
            peers.delete(id);
            rpc.peerLeft(id);
            ctx.peerLeft(id);
          }
          return;
      }
    },
    closed() {
      connected = false;
      peers.clear();
      rpc.reset();
    },
    put(target, data) {
      if (isEmptyPayload(data)) return GodotError.OK;
      // The server would drop a packet to ourselves; say so here instead.
      if (target === ownId) return GodotError.ERR_INVALID_PARAMETER;
      return ctx.send(encodeGodot3Message(Godot3Sys.NONE, ownId, target, data));
    },
  };
}
