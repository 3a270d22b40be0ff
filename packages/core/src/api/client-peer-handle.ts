import type { Payload } from "../shared/bytes.js";
import type { ClientEngine } from "../engine/client-engine.js";
import type { GodotError } from "../shared/constants.js";
import { ReadyState } from "./peer-handle.js";
import { RawPeerBase } from "./raw-peer-base.js";

/**
 * A client's connection to the server (peer 1), as Godot's `client.get_peer(1)` returns it.
 * In raw mode (`gd_mp_api = false`) this is where messages are read and written: the
 * multiplayer packet methods of the client answer ERR_UNCONFIGURED there, as in Godot 3.
 * With the other dialects it reads and writes the same messages with no framing of its own.
 */
export class ClientPeerHandle extends RawPeerBase {
  readonly id = 1;

  constructor(
    private readonly engine: ClientEngine,
    private readonly closeWith: (code: number, reason: string) => void,
  ) {
    super(engine);
  }

  getReadyState(): ReadyState {
    switch (this.engine.clientState) {
      case "connecting":
        return ReadyState.CONNECTING;
      case "waiting_id":
      case "connected":
        return ReadyState.OPEN;
      case "closing":
        return ReadyState.CLOSING;
      default:
        return ReadyState.CLOSED;
    }
  }

  protected sendMessage(message: Payload): GodotError {
    return this.engine.sendRaw(message);
  }

  isConnectedToHost(): boolean {
    return this.getReadyState() === ReadyState.OPEN;
  }

  /** Closes the connection with a close frame (the client's `disconnectFromHost`). */
  close(code = 1000, reason = ""): void {
    this.closeWith(code, reason);
  }

  getCloseCode(): number {
    return this.engine.closeInfo.code;
  }

  getCloseReason(): string {
    return this.engine.closeInfo.reason;
  }

  getConnectedHost(): string {
    return this.engine.currentConnection?.remoteAddress ?? "";
  }

  getConnectedPort(): number {
    return this.engine.currentConnection?.remotePort ?? 0;
  }

  getSelectedProtocol(): string {
    return this.engine.currentConnection?.protocol ?? "";
  }

  getCurrentOutboundBufferedAmount(): number {
    return this.engine.currentConnection?.bufferedAmount ?? 0;
  }

  /** The server's response headers, lower-cased names, when the adapter provides them. */
  get headers(): Readonly<Record<string, string>> {
    return this.engine.currentConnection?.headers ?? {};
  }
}
