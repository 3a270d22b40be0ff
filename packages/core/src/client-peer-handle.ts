import type { Payload } from "./bytes.js";
import type { ClientEngine } from "./client-engine.js";
import type { GodotError } from "./constants.js";
import { InvalidArgumentError } from "./errors.js";
import { checkPayload, PacketReader } from "./packet-reader.js";
import { ReadyState } from "./peer-handle.js";
import { isWriteMode, putFramed, WriteMode } from "./write-mode.js";

/**
 * A client's connection to the server (peer 1), as Godot's `client.get_peer(1)` returns it.
 * In raw mode (`gd_mp_api = false`) this is where messages are read and written: the
 * multiplayer packet methods of the client answer ERR_UNCONFIGURED there, as in Godot 3.
 * With the other dialects it reads and writes the same messages with no framing of its own.
 */
export class ClientPeerHandle {
  readonly id = 1;
  private writeMode: WriteMode = WriteMode.BINARY;
  private readonly reader: PacketReader;

  constructor(
    private readonly engine: ClientEngine,
    private readonly closeWith: (code: number, reason: string) => void,
  ) {
    this.reader = new PacketReader(engine, () => false, () => undefined);
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

  /** Sends one message as given (string = text frame), with no dialect framing. */
  send(data: Payload | ArrayBuffer): GodotError {
    return this.engine.sendRaw(checkPayload(data, "send"));
  }

  /** Godot 3 `put_packet`: one message framed by the write mode (binary by default). Empty data sends nothing. */
  putPacket(data: Payload | ArrayBuffer): GodotError {
    return putFramed(checkPayload(data, "putPacket"), this.writeMode, (message) => this.engine.sendRaw(message));
  }

  /** The oldest message from the server, as bytes; `undefined` when none is queued. */
  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  getAvailablePacketCount(): number {
    return this.engine.availablePackets;
  }

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
