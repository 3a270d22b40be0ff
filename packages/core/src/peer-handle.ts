import type { Payload } from "./bytes.js";
import { GodotError } from "./constants.js";
import { checkPayload, PacketReader } from "./packet-reader.js";
import type { ServerEngine, ServerPeerRecord } from "./server-engine.js";
import { checkClose } from "./close-code.js";
import { InvalidArgumentError } from "./errors.js";
import { isWriteMode, putFramed, WriteMode } from "./write-mode.js";

/** Godot's `WebSocketPeer.State`. */
export const ReadyState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;
export type ReadyState = (typeof ReadyState)[keyof typeof ReadyState];

/**
 * One peer of a server, as Godot's `get_peer(id)` returns it (the same object for the life of
 * the peer). It stays readable after the peer left (state CLOSED, close code and reason kept).
 *
 * The packet methods are Godot 3's `WebSocketPeer`: in raw mode (`gd_mp_api = false`) each
 * peer's messages wait here, text and binary kept apart. A remote close keeps the packets that
 * arrived before it readable; closing the peer from this side discards them, as Godot does.
 */
export class PeerHandle {
  private writeMode: WriteMode = WriteMode.BINARY;
  private readonly reader: PacketReader;

  constructor(
    private readonly engine: ServerEngine,
    private readonly record: ServerPeerRecord,
  ) {
    this.reader = new PacketReader(
      {
        receive: () => record.inbox?.shift(),
        get availablePackets() {
          return record.inbox?.length ?? 0;
        },
      },
      () => false,
      () => undefined,
    );
  }

  get id(): number {
    return this.record.id;
  }

  getReadyState(): ReadyState {
    switch (this.record.state) {
      case "pending":
        return ReadyState.CONNECTING;
      case "open":
        return ReadyState.OPEN;
      case "closing":
        return ReadyState.CLOSING;
      default:
        return ReadyState.CLOSED;
    }
  }

  /** Sends one message straight to this peer, with no dialect framing. */
  send(data: Payload | ArrayBuffer): GodotError {
    return this.engine.sendTo(this.record.id, checkPayload(data, "send"));
  }

  /** Godot 3 `put_packet`: one message framed by the write mode (binary by default). Empty data sends nothing. */
  putPacket(data: Payload | ArrayBuffer): GodotError {
    return putFramed(checkPayload(data, "putPacket"), this.writeMode, (message) => this.engine.sendTo(this.record.id, message));
  }

  /** The oldest message from this peer (raw mode), as bytes; `undefined` when none is queued. */
  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  getAvailablePacketCount(): number {
    return this.record.inbox?.length ?? 0;
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

  isConnectedToHost(): boolean {
    return this.record.state === "open";
  }

  /** Closes this peer with a close frame. */
  close(code = 1000, reason = ""): void {
    checkClose(code, reason);
    this.engine.disconnectPeer(this.record.id, { code, reason });
  }

  /** The close code received from the peer, or the one wsmp sent; -1 while open or when none. */
  getCloseCode(): number {
    return this.record.closeCode;
  }

  getCloseReason(): string {
    return this.record.closeReason;
  }

  getConnectedHost(): string {
    return this.record.connection?.remoteAddress ?? this.record.socket.remoteAddress;
  }

  getConnectedPort(): number {
    return this.record.connection?.remotePort ?? this.record.socket.remotePort;
  }

  getSelectedProtocol(): string {
    return this.record.protocol;
  }

  getCurrentOutboundBufferedAmount(): number {
    return this.record.state === "open" ? (this.record.connection?.bufferedAmount ?? 0) : 0;
  }

  /** The request headers the peer sent, lower-cased names, when the adapter provides them. */
  get headers(): Readonly<Record<string, string>> {
    return this.record.connection?.headers ?? {};
  }
}
