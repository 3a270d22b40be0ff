import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import { ErrorCode, GodotError, WsmpError } from "@wsmp/core";
import { bindError, type ListenRequest, type ListenResult, type PendingSocket, plainAddress, type ServerCapabilities, type ServerLink, type ServerTransport } from "@wsmp/core/adapter";
import { createNodeFanOut } from "./fan-out.js";
import { serverSecureContext } from "./tls.js";
import { createUpgrader } from "./upgrade.js";

/** The entry of an accepted TCP socket, kept on the socket so that one set of listener functions serves every socket. */
const ENTRY = Symbol("wsmp.accepted");
type Tagged = Duplex & { [ENTRY]: Accepted };

/** One accepted TCP connection, from accept until its socket is closed; also the core's `PendingSocket` for it. */
class Accepted implements PendingSocket {
  /** The socket HTTP runs on: `raw`, or the TLS socket wrapping it. */
  outer: Duplex;
  link: ServerLink | undefined = undefined;
  /** Set once the WebSocket is open; from then on `ws` reports the close. */
  upgraded = false;
  done = false;
  readonly remoteAddress: string;
  readonly remotePort: number;

  constructor(readonly raw: Socket) {
    this.outer = raw;
    this.remoteAddress = plainAddress(raw.remoteAddress);
    this.remotePort = raw.remotePort ?? 0;
    (raw as unknown as Tagged)[ENTRY] = this;
    raw.on("error", ignore); // reported as a close
    raw.on("close", onSocketClose);
  }

  /** Drops the connection without any response. */
  abort(): void {
    this.outer.destroy();
    this.raw.destroy();
  }

  /** The WebSocket is open: `ws` listens to the socket and reports its close from now on. */
  opened(): void {
    this.upgraded = true;
    if (this.outer !== this.raw) return; // under TLS the raw socket keeps its listeners
    this.raw.off("error", ignore);
    this.raw.off("close", onSocketClose);
  }

  /** The socket is gone (raw or TLS). */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.raw.destroy();
    if (!this.upgraded) this.link?.closed(1006, "");
  }
}

function ignore(): void {}
function onSocketClose(this: Duplex): void {
  (this as Tagged)[ENTRY].finish();
}

/** The Node server sees each TCP connection at accept, drops refused upgrades silently, and counts buffered messages. */
export const NODE_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: true, silentRefusal: true, outboundMessageCount: true, tls: true, ping: true, fanOut: true });

/** Optional hooks of the Node server transport. */
export interface NodeServerTransportOptions {
  /**
   * Answers plain HTTP requests (no WebSocket upgrade) on the same port, e.g. a page served next
   * to the multiplayer endpoint. Without it they get 426. The connection still counts as a
   * pending peer for the core, so it is dropped when the handshake timeout passes.
   */
  readonly onRequest?: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
}

/**
 * The server side on Node: a TCP listener whose sockets are handed to the core at accept (so the
 * handshake timeout covers TLS and HTTP), an HTTP parser for the upgrade request, and `ws` for
 * the frames. The core decides every upgrade; a rejected one gets no HTTP response.
 */
export function createNodeServerTransport(hooks: NodeServerTransportOptions = {}): ServerTransport {
  let listener: NetServer | undefined;
  const fanOut = createNodeFanOut();

  return {
    specVersion: 1,
    capabilities: NODE_SERVER_CAPABILITIES,

    listen(request: ListenRequest): Promise<ListenResult> {
      if (listener) return Promise.reject(new WsmpError(ErrorCode.INVALID_STATE, "this transport is already listening", { godotError: GodotError.ERR_ALREADY_IN_USE }));
      let secureContext: ReturnType<typeof serverSecureContext> | undefined;
      try {
        secureContext = request.tls ? serverSecureContext(request.tls) : undefined;
      } catch (error) {
        return Promise.reject(error);
      }
      const bySocket = new WeakMap<Duplex, Accepted>();
      const upgrader = createUpgrader(request.options, fanOut);

      const http = createHttpServer();
      http.on("request", (req: IncomingMessage, res: ServerResponse) => {
        if (hooks.onRequest) {
          hooks.onRequest(req, res);
          return;
        }
        res.writeHead(426, { connection: "close", upgrade: "websocket", "content-type": "text/plain" });
        res.end("426 Upgrade Required: this is a WebSocket endpoint\n");
      });
      http.on("clientError", (_error, socket: Duplex) => socket.destroy());
      http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const entry = bySocket.get(socket);
        if (!entry?.link || entry.done) {
          socket.destroy();
          return;
        }
        upgrader.upgrade(req, socket, head, {
          link: entry.link,
          remoteAddress: entry.raw.remoteAddress,
          remotePort: entry.raw.remotePort,
          path: req.url ?? "/",
          gone: () => entry.done,
          drop: () => entry.abort(),
          opened: () => entry.opened(),
        });
      });

      const server = createNetServer((raw) => {
        raw.setNoDelay(true);
        const entry = new Accepted(raw);
        entry.link = request.accept(entry);
        if (entry.done || raw.destroyed) return;
        if (secureContext) {
          const secure = new TLSSocket(raw, { isServer: true, secureContext });
          secure.on("error", () => secure.destroy());
          (secure as unknown as Tagged)[ENTRY] = entry;
          secure.on("close", onSocketClose);
          entry.outer = secure;
        }
        bySocket.set(entry.outer, entry);
        http.emit("connection", entry.outer);
      });
      listener = server;

      const star = request.bindAddress === "*";
      return new Promise<ListenResult>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException): void => {
          listener = undefined;
          reject(bindError(error, request.port, request.bindAddress));
        };
        server.once("error", onError);
        server.listen(star ? { port: request.port } : { port: request.port, host: request.bindAddress }, () => {
          server.off("error", onError);
          const bound = server.address();
          if (bound === null || typeof bound === "string") resolve({ port: request.port, address: request.bindAddress });
          else resolve({ port: bound.port, address: bound.address });
        });
      });
    },

    stop(): Promise<void> {
      const server = listener;
      listener = undefined;
      if (!server) return Promise.resolve();
      // The core already closed every peer and drops the ones that do not answer at its stop
      // deadline; the callback runs once the listener is closed and every socket it accepted is gone.
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
