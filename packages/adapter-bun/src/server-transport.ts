import { ErrorCode, GodotError, WsmpError } from "@wsmp/core";
import { bindError, type ListenRequest, type ListenResult, offeredProtocols, plainAddress, type ServerCapabilities, type ServerLink, type ServerTransport } from "@wsmp/core/adapter";
import type { Server, ServerWebSocket } from "bun";
import { type ConnectionInfo, createBunConnection, headerRecord, toBytes } from "./connection.js";
import { serverTls } from "./tls.js";

/** The reason Bun's close handler reports when it closed a socket for a message over `maxPayloadLength`. */
const TOO_BIG_REASON = "Received too big message";

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
export const BUN_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: false, outboundMessageCount: false, tls: true });

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
      try {
        server = Bun.serve<SocketData>({
          port: request.port,
          hostname,
          ...(request.tls ? { tls: serverTls(request.tls) } : {}),
          fetch(req, srv) {
            const ip = srv.requestIP(req);
            const remoteAddress = plainAddress(ip?.address);
            const remotePort = ip?.port ?? 0;
            if (hooks.onRequest && req.headers.get("upgrade")?.toLowerCase() !== "websocket") return hooks.onRequest(req, { remoteAddress, remotePort });
            let aborted = false;
            const link = request.accept({ remoteAddress, remotePort, abort: () => void (aborted = true) });
            const upgrade = req.headers.get("upgrade")?.toLowerCase() === "websocket";
            const decision = aborted || !upgrade ? undefined : link.upgrade(offeredProtocols(req.headers.get("sec-websocket-protocol")), headerRecord(req.headers));
            if (!decision?.accept || aborted) {
              link.closed(1006, "");
              return upgrade ? refusal(400, "WebSocket upgrade refused") : refusal(426, "426 Upgrade Required: this is a WebSocket endpoint");
            }
            const headers = new Headers();
            for (const [name, value] of decision.headers) headers.append(name, value);
            // Bun would echo the client's first offer by itself: always send the core's choice.
            if (decision.protocol !== "") headers.set("sec-websocket-protocol", decision.protocol);
            const info: ConnectionInfo = { remoteAddress, remotePort, protocol: decision.protocol, headers: headerRecord(req.headers) };
            if (srv.upgrade(req, { headers, data: { link, info } })) return undefined;
            link.closed(1006, "");
            return refusal(400, "WebSocket upgrade failed");
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
                createBunConnection(ws, { send: (data) => (typeof data === "string" ? ws.sendText(data) : ws.sendBinary(data)), bufferedAmount: () => ws.getBufferedAmount() }, ws.data.info),
              );
            },
            message(ws, message) {
              ws.data.link.message(typeof message === "string" ? message : toBytes(message));
            },
            close(ws, code, reason) {
              open.delete(ws);
              // Bun already sent 1009 to the peer; tell the core why the socket ended.
              if (code === 1006 && reason === TOO_BIG_REASON) ws.data.link.error("message larger than inboundBufferSize", 1009);
              ws.data.link.closed(code, reason);
              if (open.size === 0) onEmpty?.();
            },
          },
        });
      } catch (error) {
        server = undefined;
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
