import type { Payload } from "./bytes.js";
import { GodotError } from "./constants.js";
import { checkPayload } from "./packet-reader.js";
import type { ServerEngine, ServerPeerRecord } from "./server-engine.js";
import { checkClose } from "./close-code.js";

/** Godot's `WebSocketPeer.State`. */
export const ReadyState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;
export type ReadyState = (typeof ReadyState)[keyof typeof ReadyState];

/**
 * One peer of a server, as Godot's `get_peer(id)` returns it. It stays readable after the
 * peer left (state CLOSED, close code and reason kept).
 */
export class PeerHandle {
  constructor(
    private readonly engine: ServerEngine,
    private readonly record: ServerPeerRecord,
  ) {}

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
