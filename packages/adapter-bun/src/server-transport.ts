import { ErrorCode, GodotError, WsmpError } from "@wsmp/core";
import {
  bindError,
  checkServerPem,
  type ListenRequest,
  type ListenResult,
  offeredProtocols,
  packHeaders,
  plainAddress,
  type ServerCapabilities,
  type ServerTransport,
  tlsError,
  type UpgradeDecision,
} from "@wsmp/core/adapter";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { headerRecord, receivePlainBytes, toBytes } from "./connection.js";
import { createBunFanOut } from "./fan-out.js";
import { BunServerConnection } from "./server-connection.js";
import { FRONT_TOKEN_HEADER, type Front, startFront } from "./front.js";
import { serverTls } from "./tls.js";

/**
 * The close code Bun sent when it closed a socket over a frame-level violation. Bun's close
 * handler then reports 1006 with a reason such as "Received invalid opcode" (Bun already sent
 * the close frame: 1009 for a message over `maxPayloadLength`, 1007 for bad UTF-8, 1002 else).
 */
export function violationCode(code: number, reason: string): number | undefined {
  if (code !== 1006 || !reason.startsWith("Received ")) return undefined;
  if (/too big/i.test(reason)) return 1009;
  if (/UTF-8/i.test(reason)) return 1007;
  return 1002;
}

/** A response that also ends the connection (behind the front only a connection's first request carries its token). */
function lastResponse(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("connection", "close");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** What Bun answers a request it does not upgrade: no 101, and the connection is closed. */
function refusal(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { connection: "close", "content-type": "text/plain" } });
}

/**
 * Bun.serve parses HTTP itself: without the front a connection reaches the core only when its
 * request arrives (no accept hook), and a refused upgrade is answered with an HTTP 400. Bun
 * reports buffered bytes, not buffered messages.
 */
export const BUN_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: false, outboundMessageCount: false, tls: true, ping: true, fanOut: true });
/** With the front (`front: true`) every connection reaches the core at TCP accept. */
export const BUN_FRONT_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ ...BUN_SERVER_CAPABILITIES, acceptHook: true });

/** Optional hooks of the Bun server transport. */
export interface BunServerTransportOptions {
  /**
   * Answers plain HTTP requests (no WebSocket upgrade) on the same port, e.g. a page served next
   * to the multiplayer endpoint. Without it they get 426. Such requests never reach the core.
   */
  readonly onRequest?: ((request: Request, client: { readonly remoteAddress: string; readonly remotePort: number }) => Response | Promise<Response>) | undefined;
  /**
   * Runs the server behind the front (front.ts): a `Bun.listen` listener that hands each TCP
   * connection to the core at accept (so `handshakeTimeout` also bounds a request that never
   * ends) and, with TLS, keeps a client's socket open until it answers the server's close frame.
   * `"tls"` (the default): only for wss:// servers; `true`: always; `false`: never (a wss://
   * server then closes TLS right behind its close frame, and Godot 4 clients see close code -1).
   * The front costs one more hop per message (docs/performance.md).
   */
  readonly front?: boolean | "tls" | undefined;
}

/**
 * The server side on Bun: `Bun.serve` with websocket handlers. Bun parses HTTP itself and has no
 * hook at TCP accept, so a connection reaches the core when its request arrives (the handshake
 * timeout cannot cover a client that never sends one). The core decides every upgrade: the
 * subprotocol it selects and its extra headers go into the 101 response; a refused upgrade gets
 * a 400 and no WebSocket.
 */
export function createBunServerTransport(hooks: BunServerTransportOptions = {}): ServerTransport {
  let server: Server<BunServerConnection> | undefined;
  let front: Front | undefined;
  let innerDir: string | undefined;
  let openSockets = 0;
  let onEmpty: (() => void) | undefined;
  // A group send to every member is the server's publish (a socket's own publish leaves that socket out).
  const fanOut = createBunFanOut((topic, data) => void server?.publish(topic, data));

  const release = (): void => {
    if (innerDir) rmSync(innerDir, { recursive: true, force: true });
    innerDir = undefined;
  };

  return {
    specVersion: 1,
    capabilities: hooks.front === true ? BUN_FRONT_SERVER_CAPABILITIES : BUN_SERVER_CAPABILITIES,

    async listen(request: ListenRequest): Promise<ListenResult> {
      if (server) throw new WsmpError(ErrorCode.INVALID_STATE, "this transport is already listening", { godotError: GodotError.ERR_ALREADY_IN_USE });
      const hostname = request.bindAddress === "*" ? "::" : request.bindAddress;
      const tls = request.tls ? serverTls(request.tls) : undefined;
      if (tls) checkServerPem(tls.key, tls.cert);
      const fronted = hooks.front === true || (hooks.front !== false && tls !== undefined);
      let inner: { unix: string } | { hostname: string; port: number } | undefined;
      if (fronted) {
        innerDir = mkdtempSync(join(tmpdir(), "wsmp-bun-"));
        inner = process.platform === "win32" ? { hostname: "127.0.0.1", port: 0 } : { unix: join(innerDir, "inner.sock") };
      }
      try {
        // Behind the front, Bun.serve listens privately and without TLS (the front ends TLS); the
        // cast names the TCP form of Bun.serve's options, whose typings do not combine `unix` with the rest.
        const where = (inner ?? { port: request.port, hostname, ...(tls ? { tls } : {}) }) as { port: number; hostname: string };
        server = Bun.serve<BunServerConnection>({
          ...where,
          // Without the front, Bun has no hook at TCP accept: Bun.serve's idleTimeout does not apply
          // to a request that is not complete yet; Bun drops such a connection after 10 to 14 s
          // (docs/security.md). It does bound an idle kept-alive HTTP connection.
          idleTimeout: Math.min(255, Math.max(1, Math.ceil(request.options.handshakeTimeout))),
          fetch(req, srv) {
            const via = inner ? front?.claim(req.headers.get(FRONT_TOKEN_HEADER)) : undefined;
            if (inner && !via) return refusal(400, "bad request");
            const ip = via ? undefined : srv.requestIP(req);
            const remoteAddress = via?.remoteAddress ?? plainAddress(ip?.address);
            const remotePort = via?.remotePort ?? ip?.port ?? 0;
            const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
            if (hooks.onRequest && !upgrade) {
              if (!via) return hooks.onRequest(req, { remoteAddress, remotePort });
              via.link.closed(1006, "");
              return Promise.resolve(hooks.onRequest(req, { remoteAddress, remotePort })).then(lastResponse);
            }
            const peer = new BunServerConnection(via, remoteAddress, remotePort, fanOut);
            const link = via ? via.link : request.accept(peer);
            peer.link = link;
            const gone = (): boolean => peer.aborted || via?.gone === true;
            if (gone() || !upgrade) {
              link.closed(1006, "");
              return upgrade ? refusal(400, "WebSocket upgrade refused") : refusal(426, "426 Upgrade Required: this is a WebSocket endpoint");
            }
            const headersSeen = headerRecord(req.headers);
            delete headersSeen[FRONT_TOKEN_HEADER];
            const decide = (decision: UpgradeDecision): Response | undefined => {
              if (!decision.accept || gone()) {
                link.closed(1006, "");
                return decision.accept ? refusal(400, "WebSocket upgrade refused") : refusal(decision.status ?? 400, decision.status ? decision.reason : "WebSocket upgrade refused");
              }
              const headers = new Headers();
              for (const [name, value] of decision.headers) headers.append(name, value);
              // Bun would echo the client's first offer by itself: always send the core's choice.
              if (decision.protocol !== "") headers.set("sec-websocket-protocol", decision.protocol);
              peer.protocol = decision.protocol;
              peer.packedHeaders = packHeaders(headersSeen);
              if (srv.upgrade(req, { headers, data: peer })) return undefined;
              link.closed(1006, "");
              return refusal(400, "WebSocket upgrade failed");
            };
            const url = new URL(req.url);
            const decision = link.upgrade(offeredProtocols(req.headers.get("sec-websocket-protocol")), headersSeen, { path: url.pathname + url.search });
            return "then" in decision ? decision.then(decide) : decide(decision);
          },
          websocket: {
            maxPayloadLength: request.options.inboundBufferSize,
            // Godot peers never ping and expect no idle limit; Bun must not buffer-drop either.
            idleTimeout: 0,
            sendPings: false,
            backpressureLimit: 0,
            closeOnBackpressureLimit: false,
            perMessageDeflate: false,
            open(ws) {
              openSockets++;
              const peer = ws.data;
              peer.via?.upgraded();
              receivePlainBytes(ws);
              peer.opened(ws);
              peer.link!.open(peer);
            },
            message(ws, message) {
              ws.data.link!.message(typeof message === "string" ? message : toBytes(message));
            },
            pong(ws) {
              ws.data.link!.pong();
            },
            close(ws, code, reason) {
              openSockets--;
              const { via, link } = ws.data;
              if (!via?.closingByServer) via?.ended();
              // Bun already sent its close frame over a frame-level violation; tell the core why the socket ended.
              const violation = violationCode(code, reason);
              if (violation !== undefined) link!.error(violation === 1009 ? "message larger than inboundBufferSize" : reason, violation);
              // Bun reports a close it started at once; behind the front, the front reports it when the client answers.
              if (!via?.closingByServer) link!.closed(code, reason);
              if (openSockets === 0) onEmpty?.();
            },
          },
        });
        if (inner) {
          const at = "unix" in inner ? inner : { hostname: inner.hostname, port: server.port ?? 0 };
          front = startFront({ hostname, port: request.port, tls, inner: at, accept: request.accept });
        }
      } catch (error) {
        void server?.stop(true);
        server = undefined;
        release();
        // Bun reports bad key material from Bun.serve (or Bun.listen) as well: tell it apart from a failed bind.
        if (tls && /tls|ssl|certificate|private key|pem/i.test(String((error as { message?: unknown })?.message ?? error))) throw tlsError(error);
        throw bindError(error, request.port, request.bindAddress);
      }
      return { port: front?.port ?? server.port ?? request.port, address: hostname };
    },

    async stop(): Promise<void> {
      const srv = server;
      const outer = front;
      server = undefined;
      front = undefined;
      if (!srv) return;
      // Stop accepting now. The core already closed every peer and drops the ones that do not
      // answer at its stop deadline, so this waits for the sockets it opened to be gone.
      if (outer) await outer.stop();
      else void srv.stop(false);
      if (openSockets > 0) {
        await new Promise<void>((resolve) => {
          onEmpty = resolve;
        });
        onEmpty = undefined;
      }
      await srv.stop(true);
      release();
    },
  };
}
