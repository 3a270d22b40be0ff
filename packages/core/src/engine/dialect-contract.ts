import type { Payload } from "../shared/bytes.js";
import type { GodotError } from "../shared/constants.js";
import type { ErrorCode } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";

/** The wire protocols a peer can speak. */
export const DialectName = {
  /** Godot 4 WebSocketMultiplayerPeer: a 4-byte id message, then raw packets. */
  GODOT4: "godot4",
  /** Godot 3 `gd_mp_api = true`: a 9-byte header on every message and a relay in the server. */
  GODOT3: "godot3",
  /** Godot 3 `gd_mp_api = false`: plain messages per connection, no ids on the wire. */
  RAW: "raw",
} as const;
export type DialectName = (typeof DialectName)[keyof typeof DialectName];

/** Why a message was dropped instead of delivered or sent. */
export interface DropInfo {
  /** The peer the message came from (inbound) or was meant for (outbound). */
  readonly peer: number;
  readonly direction: "in" | "out";
  readonly size: number;
  readonly code: ErrorCode;
  readonly reason: string;
}

/** What the server engine offers a dialect. */
export interface ServerDialectContext {
  readonly options: PeerOptions;
  /** Admitted peers (id sent, not closing), in admission order. */
  peerIds(): IterableIterator<number>;
  hasPeer(id: number): boolean;
  /**
   * Sends one wire message to an admitted peer, checking the outbound limits. `relayed` marks a
   * message passed on between peers (or a join/leave announcement): under the default `slowPeer`
   * policy a relayed message that does not fit closes the receiver instead of leaving a gap.
   */
  sendTo(id: number, data: Payload, relayed?: boolean): GodotError;
  /**
   * Sends one wire message to every admitted peer except `skip` and `exclude` (0: none), each
   * peer's outbound limits checked and refusals reported as `sendTo` does, through the
   * transport's fan-out where it has one (engine/admitted-peers.ts).
   */
  broadcast(data: Payload, skip: number, exclude: number, relayed?: boolean): void;
  /**
   * Puts a packet in the inbound queue (in raw mode: the queue of connection `via`). `via` is the
   * connection it arrived on (for the per-peer limits). Returns false when the packet was dropped.
   */
  deliver(from: number, data: Payload, via: number): boolean;
  /** Closes a peer that broke the protocol and reports `protocol_error`. */
  reject(id: number, closeCode: number, code: ErrorCode, message: string): void;
  /** Reports a message dropped for a documented reason. */
  dropped(info: DropInfo): void;
  /** Emits a dialect-specific event to the application (e.g. Godot 3's `peer_packet`). */
  signal(name: string, ...args: unknown[]): void;
  /** Whether the application listens for signal `name`: a per-packet signal nobody hears is not built. */
  listens(name: string): boolean;
  /** The engine's clock, in ms. */
  now(): number;
  /** Asks for a `tick` at `deadline` (ms): the facade's one timer is re-armed if that is earlier. */
  wake(deadline: number): void;
  /**
   * Admits a peer whose `admit` answered "deferred": it joins the routing set and
   * `peer_connected` fires. Returns false when the peer is not open or already admitted.
   */
  connected(id: number): boolean;
  /** Closes an open peer with a close frame, without reporting a protocol error. */
  disconnect(id: number, code: number, reason: string): void;
}

/** A server-side wire protocol. One instance per server; it may keep its own state. */
export interface ServerDialect {
  readonly name: DialectName;
  /**
   * False when the multiplayer packet API is off (raw mode): putPacket/getPacket answer
   * ERR_UNCONFIGURED and `deliver` queues each packet on its own connection, read through
   * `getPeer(id)`.
   */
  readonly packetApi: boolean;
  /**
   * Sends what the protocol sends when a peer joins. Returns false to drop the peer, or
   * "deferred" to keep it out of the routing set (no `peer_connected`) until the dialect calls
   * `ctx.connected(id)`, e.g. after in-band authentication. `peer_disconnected` only fires for
   * peers that were connected.
   */
  admit(id: number): boolean | "deferred";
  /** Called once for every open peer that goes away (remote close, our close, forced drop), after it left the routing set. */
  leave(id: number): void;
  /** One message from an admitted peer. */
  receive(from: number, data: Payload): void;
  /** The server application sends `data` to `target` (0 all, >0 one, <0 all but one). */
  put(target: number, data: Payload): GodotError;
  /**
   * Bytes of the outbound buffer the protocol reserves per packet: `getMaxPacketSize()` is
   * `outboundBufferSize` minus this (9 for Godot's peers, 0 in raw mode).
   */
  readonly packetOverhead: number;
  /** Runs the dialect's own deadlines (called from the engine's `tick`). */
  tick?(now: number): void;
  /** The dialect's earliest deadline, if any. */
  nextDeadline?(): number | undefined;
}

export type ServerDialectFactory = (ctx: ServerDialectContext) => ServerDialect;

/** What the client engine offers a dialect. */
export interface ClientDialectContext {
  readonly options: PeerOptions;
  /** Sends one wire message to the server, checking the outbound limits. */
  send(data: Payload): GodotError;
  /** The server told us our id. */
  setId(id: number): void;
  /** The connection is established (status CONNECTED, `peer_connected(1)`). */
  connected(): void;
  /** The server broke the protocol: close with `closeCode` and fail the connection. */
  fail(closeCode: number, code: ErrorCode, message: string): void;
  /** Queues a packet. Returns false when the packet was dropped (queue full). */
  deliver(from: number, data: Payload): boolean;
  /** Another peer joined or left (Godot 3 SYS_ADD / SYS_DEL). */
  peerJoined(id: number): void;
  peerLeft(id: number): void;
  signal(name: string, ...args: unknown[]): void;
  /** See `ServerDialectContext.listens`. */
  listens(name: string): boolean;
  /** Reports a message dropped for a documented reason. */
  dropped(info: DropInfo): void;
  /** The engine's clock, in ms. */
  now(): number;
  /** Asks for a `tick` at `deadline` (ms). */
  wake(deadline: number): void;
  /**
   * The id arrived but the dialect holds the connection (in-band authentication): the handshake
   * deadline stops; the dialect keeps its own deadline and later calls `connected()` or `fail()`.
   */
  handshakeDone(): void;
}

export interface ClientDialect {
  readonly name: DialectName;
  readonly packetApi: boolean;
  /** The WebSocket opened. Raw mode reports `connected()` here. */
  opened(): void;
  receive(data: Payload): void;
  put(target: number, data: Payload): GodotError;
  /** See `ServerDialect.packetOverhead`. */
  readonly packetOverhead: number;
  /**
   * True when `put` can reach peers other than the server (Godot 3's relay, SceneMultiplayer's);
   * false when every packet goes to the server whatever the target (Godot 4's transport alone).
   */
  readonly addressesPeers: boolean;
  tick?(now: number): void;
  nextDeadline?(): number | undefined;
  /** The connection ended (whatever the reason). */
  closed?(): void;
}

export type ClientDialectFactory = (ctx: ClientDialectContext) => ClientDialect;
