import type { Payload } from "../shared/bytes.js";
import type { GodotError } from "../shared/constants.js";
import { RawPeerBase } from "./raw-peer-base.js";
import type { ServerEngine, ServerPeerRecord } from "../engine/server-engine.js";
import { checkClose } from "../shared/close-codes.js";

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
export class PeerHandle extends RawPeerBase {
  constructor(
    private readonly engine: ServerEngine,
    private readonly record: ServerPeerRecord,
  ) {
    super({
      receive: () => record.inbox?.shift(),
      get availablePackets() {
        return record.inbox?.length ?? 0;
      },
    });
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

  protected sendMessage(message: Payload): GodotError {
    return this.engine.sendTo(this.record.id, message);
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
