import type { Duplex } from "node:stream";
import type { Payload } from "@wsmp/core";
import { type FanOut, type FanOutGroup, plainAddress, type ServerLink, unpackHeaders } from "@wsmp/core/adapter";
import type { RawData, WebSocket } from "ws";
import { closeCodeOf, toPayload } from "./connection.js";
import { type FrameSink, frameOf, HOLD_BYTES, HOLD_FRAMES } from "./fan-out.js";

/** Where a server socket's events go: its link, kept on the `ws` object so one set of listener functions serves every socket. */
const LINK = Symbol("wsmp.link");
type LinkedSocket = WebSocket & { [LINK]: ServerLink };

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as LinkedSocket)[LINK].message(toPayload(data, isBinary));
}
function onError(this: WebSocket, error: Error): void {
  (this as LinkedSocket)[LINK].error(error.message, closeCodeOf(error));
}
function onClose(this: WebSocket, code: number, reason: Buffer): void {
  (this as LinkedSocket)[LINK].closed(code, reason.toString("utf8"));
}
function onPong(this: WebSocket): void {
  (this as LinkedSocket)[LINK].pong();
}

const OPEN = 1;

/**
 * One open server-side WebSocket as the core's `Connection`. Its messages are whole frames
 * written to its socket (fan-out.ts), so the transport's fan-out can write one frame to many
 * sockets; `ws` reads the frames and writes the control frames. Its events (messages, errors with
 * the close code `ws` sent, the final close, pongs) go to `link`.
 */
export class NodeServerConnection implements FrameSink {
  readonly specVersion = 1;
  readonly remoteAddress: string;
  readonly remotePort: number;
  groupIndex = -1;
  group: FanOutGroup | undefined = undefined;
  corkedTurn = -1;
  /** Frames written since the fan-out corked the socket (or since it was last written out); -1: not corked. */
  private held = -1;
  /**
   * Frames handed to the socket with a completion callback that has not run yet. A frame written
   * while nothing waits for the socket usually goes to the kernel at once, so it goes without a
   * callback (a callback per write is a large share of its cost); if it did stay buffered, it is
   * the only uncounted one, which `bufferedMessages` adds while bytes wait.
   */
  private inFlight = 0;
  /** The callback of a buffered write, made the first time a write has to wait. */
  private written: (() => void) | undefined = undefined;
  private unpackedHeaders: Record<string, string> | undefined = undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    remoteAddress: string | undefined,
    remotePort: number | undefined,
    /** The request headers, packed (`packHeaders`): made into a record only when read. */
    private readonly packedHeaders: string,
    readonly fanOut: FanOut | undefined,
    link: ServerLink,
  ) {
    this.remoteAddress = plainAddress(remoteAddress);
    this.remotePort = remotePort ?? 0;
    (ws as LinkedSocket)[LINK] = link;
    ws.on("message", onMessage);
    ws.on("error", onError);
    ws.on("close", onClose);
    ws.on("pong", onPong);
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.unpackedHeaders ??= unpackHeaders(this.packedHeaders));
  }

  send(data: Payload): void {
    if (this.ws.readyState === OPEN) this.writeFrame(frameOf(data));
  }

  writeFrame(frame: Buffer): void {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return;
    const socket = this.socket;
    if (ws.bufferedAmount === 0) socket.write(frame);
    else {
      this.inFlight++;
      socket.write(frame, (this.written ??= () => void this.inFlight--));
    }
    if (this.held >= 0 && (++this.held >= HOLD_FRAMES || socket.writableLength >= HOLD_BYTES)) {
      // Enough waits: written out now, and the socket stays corked for the rest of the turn.
      socket.uncork();
      socket.cork();
      this.held = 0;
    }
  }

  cork(): void {
    if (this.held >= 0) return;
    this.held = 0;
    this.socket.cork();
  }

  uncork(): void {
    if (this.held < 0) return;
    this.held = -1;
    this.socket.uncork();
  }

  close(code: number, reason: string): void {
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate(); // a code or reason `ws` refuses: drop the socket rather than leave it open
    }
  }

  terminate(): void {
    this.ws.terminate();
  }

  ping(): void {
    if (this.ws.readyState === OPEN) this.ws.ping();
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  get bufferedMessages(): number {
    // At most one frame went out uncounted and may still wait: count it while bytes wait.
    return this.ws.bufferedAmount > 0 ? this.inFlight + 1 : this.inFlight;
  }
}
