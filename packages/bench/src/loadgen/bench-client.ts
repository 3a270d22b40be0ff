import WebSocket from "ws";
import type { Wire } from "../servers/catalog.js";

/** Bytes of the benchmark payload (32 bytes, as in docs/performance.md). */
export const PAYLOAD_SIZE = 32;
const G3_HEADER = 9;
const SYS_NONE = 0;
const SYS_ADD = 1;
const SYS_DEL = 2;
const SYS_ID = 3;

/**
 * Payload layout (little-endian), the same for every wire:
 *   0 u32 window id   4 u32 sender index   8 u32 flags (1 = measured)   12 u32 sequence
 *  16 f64 send time (performance.now(), ms)   24 8 bytes of zero
 * On the godot3 wire it follows the 9-byte header [type][from i32][to i32].
 */
export interface PayloadInfo {
  readonly window: number;
  readonly sender: number;
  readonly measured: boolean;
  readonly sentAt: number;
}

export type PayloadHandler = (window: number, sender: number, measured: boolean, sentAt: number, seq: number) => void;

/**
 * One load-generator connection. It knows its wire: when it is ready (open; Godot 4 id
 * received; Godot 3 SYS_ID received), which peers the server announced (Godot 3) and where the
 * payload starts in a received message.
 */
export class BenchClient {
  readonly socket: WebSocket;
  /** Peer id given by the server (godot4 / godot3 wires), 0 for plain. */
  id = 0;
  /** Other peers announced by SYS_ADD (godot3 wire). */
  knownPeers = 0;
  onPayload: PayloadHandler | undefined;
  private readyResolve!: () => void;
  private readyReject!: (error: Error) => void;
  readonly ready: Promise<void>;
  private isReady = false;
  private readonly offset: number;

  constructor(
    url: string,
    private readonly wire: Wire,
    readonly index: number,
  ) {
    this.offset = wire === "godot3" ? G3_HEADER : 0;
    this.ready = new Promise<void>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => undefined);
    this.socket = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 30_000 });
    this.socket.binaryType = "nodebuffer";
    this.socket.on("open", () => {
      if (wire === "plain") this.markReady();
    });
    this.socket.on("error", (error) => this.readyReject(error));
    this.socket.on("close", (code) => this.readyReject(new Error(`closed with ${code} before ready`)));
    this.socket.on("message", (data: Buffer) => this.receive(data));
  }

  /** Sends one benchmark packet. `target` is only used on the godot3 wire (0 all, 1 server). */
  send(window: number, measured: boolean, seq: number, target: number): void {
    const o = this.offset;
    const frame = Buffer.allocUnsafe(o + PAYLOAD_SIZE);
    if (o > 0) {
      frame[0] = SYS_NONE;
      frame.writeInt32LE(this.id, 1);
      frame.writeInt32LE(target, 5);
    }
    frame.writeUInt32LE(window, o);
    frame.writeUInt32LE(this.index, o + 4);
    frame.writeUInt32LE(measured ? 1 : 0, o + 8);
    frame.writeUInt32LE(seq, o + 12);
    frame.writeDoubleLE(performance.now(), o + 16);
    frame.fill(0, o + 24, o + 32);
    this.socket.send(frame, { binary: true });
  }

  close(): void {
    this.onPayload = undefined;
    this.socket.terminate();
  }

  /** Leaves the way a player quits: a 1000 close frame, then the socket ends when the server answers. */
  leave(): void {
    this.onPayload = undefined;
    this.socket.close(1000, "bye");
  }

  private markReady(): void {
    if (this.isReady) return;
    this.isReady = true;
    this.readyResolve();
  }

  private receive(data: Buffer): void {
    if (this.wire === "godot4" && this.id === 0) {
      if (data.length === 4) {
        this.id = data.readInt32LE(0);
        this.markReady();
      }
      return;
    }
    if (this.wire === "godot3") {
      if (data.length < G3_HEADER) return;
      const type = data[0];
      if (type !== SYS_NONE) {
        const peer = data.length >= G3_HEADER + 4 ? data.readInt32LE(G3_HEADER) : 0;
        if (type === SYS_ID) this.id = peer;
        else if (type === SYS_ADD && peer !== 1) this.knownPeers++;
        else if (type === SYS_DEL) this.knownPeers--;
        if (this.id !== 0) this.markReady();
        return;
      }
    }
    const o = this.offset;
    if (data.length < o + PAYLOAD_SIZE || !this.onPayload) return;
    this.onPayload(data.readUInt32LE(o), data.readUInt32LE(o + 4), data.readUInt32LE(o + 8) === 1, data.readDoubleLE(o + 16), data.readUInt32LE(o + 12));
  }
}
