import type { Payload } from "../shared/bytes.js";
import type { GodotError } from "../shared/constants.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { checkPayload, PacketReader, type PacketSource } from "./packet-reader.js";
import { isWriteMode, putFramed, WriteMode } from "./write-mode.js";

/** Godot's `WebSocketPeer.State`. */
export const ReadyState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;
export type ReadyState = (typeof ReadyState)[keyof typeof ReadyState];

/** What a handle reads from the side that owns the connection (a server's peer record, a client's engine). */
export interface PeerHandleSource {
  readonly id: number;
  /** The messages waiting on this connection (raw mode) or none. */
  readonly packets: PacketSource;
  readyState(): ReadyState;
  /** Writes one wire message, bypassing the dialect. */
  send(message: Payload): GodotError;
  /** Starts the closing handshake (the code and reason are checked by the caller). */
  close(code: number, reason: string): void;
  closeCode(): number;
  closeReason(): string;
  host(): string;
  port(): number;
  protocol(): string;
  bufferedAmount(): number;
  /** Messages waiting to be written, when the runtime counts them. */
  bufferedMessages(): number | undefined;
  /** Packets and bytes from this connection waiting to be read by the application. */
  queued(): { readonly queuedPackets: number; readonly queuedBytes: number };
  headers(): Readonly<Record<string, string>>;
}

/**
 * One connection as Godot's `get_peer(id)` returns it: a server's peer (the same object for the
 * life of the peer, still readable after it left) or a client's connection to the server
 * (`client.getPeer(1)`).
 *
 * The packet methods are Godot 3's `WebSocketPeer`: in raw mode (`gd_mp_api = false`) each
 * connection's messages wait here, text and binary kept apart; with the other dialects the handle
 * writes messages with no framing of its own. A remote close keeps the packets that arrived
 * before it readable; closing from this side discards them, as Godot does.
 */
export class PeerHandle {
  private writeMode: WriteMode = WriteMode.BINARY;
  private readonly reader: PacketReader;

  constructor(private readonly source: PeerHandleSource) {
    this.reader = new PacketReader(source.packets, () => false, () => undefined);
  }

  get id(): number {
    return this.source.id;
  }

  getReadyState(): ReadyState {
    return this.source.readyState();
  }

  isConnectedToHost(): boolean {
    return this.source.readyState() === ReadyState.OPEN;
  }

  /** Sends one message as given (string = text frame), with no dialect framing. */
  send(data: Payload | ArrayBuffer): GodotError {
    return this.source.send(checkPayload(data, "send"));
  }

  /** Godot 3 `put_packet`: one message framed by the write mode (binary by default). Empty data sends nothing. */
  putPacket(data: Payload | ArrayBuffer): GodotError {
    return putFramed(checkPayload(data, "putPacket"), this.writeMode, (message) => this.source.send(message));
  }

  /** The oldest message from the other end (raw mode), as bytes; `undefined` when none is queued. */
  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  getAvailablePacketCount(): number {
    return this.source.packets.availablePackets;
  }

  /** Whether the last message returned by `getPacket` was a text frame. */
  wasStringPacket(): boolean {
    return this.reader.wasStringPacket();
  }

  getWriteMode(): WriteMode {
    return this.writeMode;
  }

  setWriteMode(mode: WriteMode): void {
    if (!isWriteMode(mode)) throw new InvalidArgumentError(`write mode must be 0 (text) or 1 (binary), got ${String(mode)}`);
    this.writeMode = mode;
  }

  /** Closes the connection with a close frame. */
  close(code = 1000, reason = ""): void {
    this.source.close(code, reason);
  }

  /** The close code received from the other side, or the one sent; -1 while open or when none. */
  getCloseCode(): number {
    return this.source.closeCode();
  }

  getCloseReason(): string {
    return this.source.closeReason();
  }

  getConnectedHost(): string {
    return this.source.host();
  }

  getConnectedPort(): number {
    return this.source.port();
  }

  getSelectedProtocol(): string {
    return this.source.protocol();
  }

  getCurrentOutboundBufferedAmount(): number {
    return this.source.bufferedAmount();
  }

  /**
   * Inbound queue depth: packets from this peer that wait for the application to read them, in
   * the server's shared queue (godot4, godot3) or on this handle (raw), whatever the dialect.
   * Packets the server relays or hands to events (`peer_packet` of the scene layer) never wait.
   */
  get queuedPackets(): number {
    return this.source.queued().queuedPackets;
  }

  /** The bytes of `queuedPackets`. */
  get queuedBytes(): number {
    return this.source.queued().queuedBytes;
  }

  /** Outbound queue depth: messages handed to the socket and not yet written, when the runtime counts them (Node); else undefined (see `getCurrentOutboundBufferedAmount` for bytes). */
  get bufferedMessages(): number | undefined {
    return this.source.bufferedMessages();
  }

  /** Request headers (a server's peer) or the server's response headers (a client), lower-cased names, when the adapter provides them. */
  get headers(): Readonly<Record<string, string>> {
    return this.source.headers();
  }
}
