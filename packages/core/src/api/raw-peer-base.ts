import type { Payload } from "../shared/bytes.js";
import type { GodotError } from "../shared/constants.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { checkPayload, PacketReader, type PacketSource } from "./packet-reader.js";
import { isWriteMode, putFramed, WriteMode } from "./write-mode.js";

/**
 * The packet side of Godot 3's `WebSocketPeer`, shared by a server's per-peer handle and a
 * client's handle on the server: raw messages read from `source`, written with or without the
 * write mode's framing through `sendMessage`.
 */
export abstract class RawPeerBase {
  private writeMode: WriteMode = WriteMode.BINARY;
  private readonly reader: PacketReader;

  constructor(private readonly source: PacketSource) {
    this.reader = new PacketReader(source, () => false, () => undefined);
  }

  /** Writes one wire message to the other end, bypassing the dialect. */
  protected abstract sendMessage(message: Payload): GodotError;

  /** Sends one message as given (string = text frame), with no dialect framing. */
  send(data: Payload | ArrayBuffer): GodotError {
    return this.sendMessage(checkPayload(data, "send"));
  }

  /** Godot 3 `put_packet`: one message framed by the write mode (binary by default). Empty data sends nothing. */
  putPacket(data: Payload | ArrayBuffer): GodotError {
    return putFramed(checkPayload(data, "putPacket"), this.writeMode, (message) => this.sendMessage(message));
  }

  /** The oldest message from the other end (raw mode), as bytes; `undefined` when none is queued. */
  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  getAvailablePacketCount(): number {
    return this.source.availablePackets;
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
}
