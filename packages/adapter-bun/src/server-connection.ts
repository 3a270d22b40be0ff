import type { Payload } from "@wsmp/core";
import { type FanOut, type PendingSocket, type ServerLink, unpackHeaders } from "@wsmp/core/adapter";
import type { ServerWebSocket } from "bun";
import type { BunGroup, TopicMember } from "./fan-out.js";
import type { FrontConnection } from "./front.js";

const OPEN = 1;

/**
 * One connection of the Bun server from its upgrade request to its close, as one object: the
 * core's `PendingSocket` while the core decides the upgrade, the socket's `data` (its link and,
 * behind the front, the front's side of it), and once open the core's `Connection`. Behind the
 * front (front.ts), the close frame's answer and the client's socket are the front's to see, and
 * the bytes the front still holds for the client count as buffered.
 */
export class BunServerConnection implements TopicMember, PendingSocket {
  readonly specVersion = 1;
  /** The link the socket's events go to (set once the core accepted the connection). */
  link: ServerLink | undefined = undefined;
  /** The core dropped the connection before its upgrade was answered. */
  aborted = false;
  protocol = "";
  /** The request headers, packed (`packHeaders`): made into a record only when read. */
  packedHeaders = "";
  group: BunGroup | undefined = undefined;
  private socket: ServerWebSocket<unknown> | undefined = undefined;
  private unpackedHeaders: Record<string, string> | undefined = undefined;

  constructor(
    readonly via: FrontConnection | undefined,
    readonly remoteAddress: string,
    readonly remotePort: number,
    readonly fanOut: FanOut | undefined,
  ) {}

  /** The open socket (only read after `opened`). */
  get ws(): ServerWebSocket<unknown> {
    return this.socket!;
  }

  /** The WebSocket opened on `ws`. */
  opened(ws: ServerWebSocket<unknown>): void {
    this.socket = ws;
  }

  abort(): void {
    this.aborted = true;
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.unpackedHeaders ??= unpackHeaders(this.packedHeaders));
  }

  send(data: Payload): void {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return;
    if (typeof data === "string") ws.sendText(data);
    else ws.sendBinary(data);
  }

  close(code: number, reason: string): void {
    this.via?.closing(code, reason);
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
    this.via?.terminate();
  }

  ping(): void {
    if (this.ws.readyState === OPEN) this.ws.ping();
  }

  get bufferedAmount(): number {
    return this.ws.getBufferedAmount() + (this.via?.pendingOut ?? 0);
  }
}
