import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { PeerOptions } from "@wsmp/core";
import { type FanOut, offeredProtocols, packHeaders, type ServerLink, type UpgradeDecision } from "@wsmp/core/adapter";
import { WebSocketServer } from "ws";
import { headerRecord } from "./connection.js";
import { NodeServerConnection } from "./server-connection.js";

/** Writes a plain HTTP error answer to a refused upgrade, then `done` (which drops the socket). */
export function answer(socket: Duplex, status: number, reason: string, done: () => void): void {
  const body = `${reason}\n`;
  const text = STATUS_CODES[status] ?? "Error";
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, done);
}

/** One upgrade request as the upgrader needs it besides the request itself. */
export interface UpgradeContext {
  readonly link: ServerLink;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** The path (and query) the core is told, e.g. with a mount prefix removed. */
  readonly path: string;
  /** True when the connection ended (or timed out) while an async `admit` hook ran. */
  gone(): boolean;
  /** Drops the socket with no answer. */
  drop(): void;
  /** The WebSocket is open: from now on `ws` reports the close. */
  opened(): void;
}

/** Completes or refuses upgrade requests as the core decides, with `ws` for the frames. */
export interface Upgrader {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, context: UpgradeContext): void;
}

/**
 * The part of a Node server that is the same whether it owns its listener or is attached to an
 * application's HTTP server: the core decides each upgrade (subprotocol, extra headers, refusal
 * with or without an HTTP status), `ws` writes the 101 and speaks the frames.
 */
export function createUpgrader(options: Readonly<PeerOptions>, fanOut: FanOut): Upgrader {
  const decisions = new WeakMap<IncomingMessage, UpgradeDecision & { accept: true }>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: options.inboundBufferSize,
    handleProtocols: (_offered, req) => decisions.get(req)?.protocol || false,
  });
  // A malformed upgrade request is dropped without an HTTP answer, as Godot does.
  wss.on("wsClientError", (_error, socket) => socket.destroy());
  wss.on("headers", (lines, req) => {
    for (const [name, value] of decisions.get(req)?.headers ?? []) lines.push(`${name}: ${value}`);
  });
  return {
    upgrade(req, socket, head, context) {
      const { link } = context;
      const decide = (decision: UpgradeDecision): void => {
        if (context.gone() || socket.destroyed) return; // timed out or dropped while an async admit hook ran
        if (!decision.accept) {
          if (decision.status !== undefined) answer(socket, decision.status, decision.reason, () => context.drop());
          else context.drop();
          return;
        }
        decisions.set(req, decision);
        wss.options.maxPayload = options.inboundBufferSize; // the live value, per connection
        wss.handleUpgrade(req, socket, head, (ws) => {
          context.opened();
          link.open(new NodeServerConnection(ws, socket, context.remoteAddress, context.remotePort, packHeaders(headers), fanOut, link));
        });
      };
      const headers = headerRecord(req.headersDistinct);
      const decision = link.upgrade(offeredProtocols(req.headers["sec-websocket-protocol"]), headers, { path: context.path });
      if ("then" in decision) decision.then(decide, () => context.drop());
      else decide(decision);
    },
  };
}
