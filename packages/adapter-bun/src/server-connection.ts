import type { Payload } from "@wsmp/core";
import type { FanOut } from "@wsmp/core/adapter";
import type { ServerWebSocket } from "bun";
import type { ConnectionInfo } from "./connection.js";
import type { BunGroup, TopicMember } from "./fan-out.js";
import type { FrontConnection } from "./front.js";

const OPEN = 1;

/**
 * One open `Bun.serve` WebSocket as the core's `Connection`, one object per socket. Behind the
 * front (front.ts), the close frame's answer and the client's socket are the front's to see, and
 * the bytes the front still holds for the client count as buffered.
 */
export class BunServerConnection implements TopicMember {
  readonly specVersion = 1;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly protocol: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  group: BunGroup | undefined = undefined;

  constructor(
    readonly ws: ServerWebSocket<unknown>,
    private readonly via: FrontConnection | undefined,
    info: ConnectionInfo,
    readonly fanOut: FanOut | undefined,
  ) {
    this.remoteAddress = info.remoteAddress;
    this.remotePort = info.remotePort;
    this.protocol = info.protocol;
    this.headers = info.headers;
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
