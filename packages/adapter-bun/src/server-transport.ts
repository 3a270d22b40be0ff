import { ErrorCode, GodotError, WsmpError } from "@wsmp/core";
import {
  bindError,
  checkServerPem,
  type ListenRequest,
  type ListenResult,
  offeredProtocols,
  plainAddress,
  type ServerCapabilities,
  type ServerLink,
  type ServerTransport,
  tlsError,
  type UpgradeDecision,
} from "@wsmp/core/adapter";
import type { Server, ServerWebSocket } from "bun";
import { type ConnectionInfo, createBunConnection, headerRecord, toBytes } from "./connection.js";
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

interface SocketData {
  readonly link: ServerLink;
  readonly info: ConnectionInfo;
}

/** What Bun answers a request it does not upgrade: no 101, and the connection is closed. */
function refusal(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { connection: "close", "content-type": "text/plain" } });
}

/**
 * Bun.serve parses HTTP itself: a connection reaches the core only when its request arrives (no
 * accept hook), and a refused upgrade is answered with an HTTP 400. Bun reports buffered bytes,
 * not buffered messages.
 */
export const BUN_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: false, outboundMessageCount: false, tls: true, ping: true });

/** Optional hooks of the Bun server transport. */
export interface BunServerTransportOptions {
  /**
   * Answers plain HTTP requests (no WebSocket upgrade) on the same port, e.g. a page served next
   * to the multiplayer endpoint. Without it they get 426. Such requests never reach the core.
   */
  readonly onRequest?: ((request: Request, client: { readonly remoteAddress: string; readonly remotePort: number }) => Response | Promise<Response>) | undefined;
}

/**
 * The server side on Bun: `Bun.serve` with websocket handlers. Bun parses HTTP itself and has no
 * hook at TCP accept, so a connection reaches the core when its request arrives (the handshake
 * timeout cannot cover a client that never sends one). The core decides every upgrade: the
 * subprotocol it selects and its extra headers go into the 101 response; a refused upgrade gets
 * a 400 and no WebSocket.
 */
export function createBunServerTransport(hooks: BunServerTransportOptions = {}): ServerTransport {
  let server: Server<SocketData> | undefined;
  const open = new Set<ServerWebSocket<SocketData>>();
  let onEmpty: (() => void) | undefined;

  return {
    specVersion: 1,
    capabilities: BUN_SERVER_CAPABILITIES,

    async listen(request: ListenRequest): Promise<ListenResult> {
      if (server) throw new WsmpError(ErrorCode.INVALID_STATE, "this transport is already listening", { godotError: GodotError.ERR_ALREADY_IN_USE });
      const hostname = request.bindAddress === "*" ? "::" : request.bindAddress;
      const tls = request.tls ? serverTls(request.tls) : undefined;
      if (tls) checkServerPem(tls.key, tls.cert);
      try {
        server = Bun.serve<SocketData>({
          port: request.port,
          hostname,
          ...(tls ? { tls } : {}),
          // Bun has no hook at TCP accept: a connection that never completes its request is only
          // dropped by this idle timer (whole seconds, reset by every byte), bounded to the handshake timeout.
          idleTimeout: Math.min(255, Math.max(1, Math.ceil(request.options.handshakeTimeout))),
          fetch(req, srv) {
            const ip = srv.requestIP(req);
            const remoteAddress = plainAddress(ip?.address);
            const remotePort = ip?.port ?? 0;
            if (hooks.onRequest && req.headers.get("upgrade")?.toLowerCase() !== "websocket") return hooks.onRequest(req, { remoteAddress, remotePort });
            let aborted = false;
            const link = request.accept({ remoteAddress, remotePort, abort: () => void (aborted = true) });
            const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
            if (aborted || !upgrade) {
              link.closed(1006, "");
              return upgrade ? refusal(400, "WebSocket upgrade refused") : refusal(426, "426 Upgrade Required: this is a WebSocket endpoint");
            }
            const decide = (decision: UpgradeDecision): Response | undefined => {
              if (!decision.accept || aborted) {
                link.closed(1006, "");
                return decision.accept ? refusal(400, "WebSocket upgrade refused") : refusal(decision.status ?? 400, decision.status ? decision.reason : "WebSocket upgrade refused");
              }
              const headers = new Headers();
              for (const [name, value] of decision.headers) headers.append(name, value);
              // Bun would echo the client's first offer by itself: always send the core's choice.
              if (decision.protocol !== "") headers.set("sec-websocket-protocol", decision.protocol);
              const info: ConnectionInfo = { remoteAddress, remotePort, protocol: decision.protocol, headers: headerRecord(req.headers) };
              if (srv.upgrade(req, { headers, data: { link, info } })) return undefined;
              link.closed(1006, "");
              return refusal(400, "WebSocket upgrade failed");
            };
            const url = new URL(req.url);
            const decision = link.upgrade(offeredProtocols(req.headers.get("sec-websocket-protocol")), headerRecord(req.headers), { path: url.pathname + url.search });
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
              open.add(ws);
              ws.data.link.open(
                createBunConnection(
                  ws,
                  { send: (data) => (typeof data === "string" ? ws.sendText(data) : ws.sendBinary(data)), bufferedAmount: () => ws.getBufferedAmount(), ping: () => ws.ping() },
                  ws.data.info,
                ),
              );
            },
            message(ws, message) {
              ws.data.link.message(typeof message === "string" ? message : toBytes(message));
            },
            pong(ws) {
              ws.data.link.pong();
            },
            close(ws, code, reason) {
              open.delete(ws);
              // Bun already sent its close frame over a frame-level violation; tell the core why the socket ended.
              const violation = violationCode(code, reason);
              if (violation !== undefined) ws.data.link.error(violation === 1009 ? "message larger than inboundBufferSize" : reason, violation);
              ws.data.link.closed(code, reason);
              if (open.size === 0) onEmpty?.();
            },
          },
        });
      } catch (error) {
        server = undefined;
        // Bun reports bad key material from Bun.serve as well: tell it apart from a failed bind.
        if (tls && /tls|ssl|certificate|private key|pem/i.test(String((error as { message?: unknown })?.message ?? error))) throw tlsError(error);
        throw bindError(error, request.port, request.bindAddress);
      }
      return { port: server.port ?? request.port, address: hostname };
    },

    async stop(): Promise<void> {
      const srv = server;
      server = undefined;
      if (!srv) return;
      // Stop accepting now. The core already closed every peer and drops the ones that do not
      // answer at its stop deadline, so this waits for the sockets it opened to be gone.
      void srv.stop(false);
      if (open.size > 0) {
        await new Promise<void>((resolve) => {
          onEmpty = resolve;
        });
        onEmpty = undefined;
      }
      await srv.stop(true);
    },
  };
}
