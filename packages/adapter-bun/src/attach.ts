import type { MultiplayerServer, ServerOptions, SessionServer, SessionServerOptions } from "@wsmp/core";
import { type ListenRequest, type ListenResult, mountedPath, offeredProtocols, plainAddress, type ServerCapabilities, type ServerLink, type ServerTransport, startServer, startSessionServer, type UpgradeDecision } from "@wsmp/core/adapter";
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { type ConnectionInfo, createBunConnection, headerRecord, toBytes } from "./connection.js";
import { bunRuntime } from "./runtime.js";
import { violationCode } from "./server-transport.js";

/** What a wsmp socket carries in `ws.data`: the tag tells it apart from the application's own sockets. */
export interface WsmpSocketData {
  readonly wsmp: { readonly link: ServerLink; readonly info: ConnectionInfo };
}

/**
 * A wsmp endpoint inside an application's own `Bun.serve`: call `fetch` for the requests of its
 * path (it answers refusals, and `undefined` once it upgraded), and use `websocket` as the
 * server's websocket handlers (or call them for sockets where `isWsmpSocket(ws)`).
 */
export interface BunRoute<S> {
  /** The wsmp server (or server of sessions) behind the route. */
  readonly server: S;
  fetch(request: Request, server: Server<WsmpSocketData>): Response | undefined | Promise<Response | undefined>;
  readonly websocket: WebSocketHandler<WsmpSocketData>;
}

/** True for a socket a wsmp route upgraded, so an application that has sockets of its own can route handler calls. */
export function isWsmpSocket(ws: ServerWebSocket<unknown>): ws is ServerWebSocket<WsmpSocketData> {
  const data = ws.data as Partial<WsmpSocketData> | undefined;
  return typeof data === "object" && data !== null && typeof data.wsmp === "object";
}

/**
 * Inside an application's `Bun.serve`, wsmp sees a connection when its upgrade request reaches
 * `fetch` (as the Bun server without its front does): refused upgrades are answered with an HTTP
 * status, TLS belongs to the application's server.
 */
export const BUN_ROUTE_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: false, outboundMessageCount: false, tls: false, ping: true });

const text = (status: number, body: string): Response => new Response(`${body}\n`, { status, headers: { "content-type": "text/plain" } });

/** The handlers behind a route, and the transport its server listens on (it binds nothing). */
function createRouteTransport(mount: (path: string) => string | undefined): { transport: ServerTransport; fetch: BunRoute<unknown>["fetch"]; websocket: WebSocketHandler<WsmpSocketData> } {
  let accepting: ListenRequest | undefined;
  const open = new Set<ServerWebSocket<WsmpSocketData>>();
  let onEmpty: (() => void) | undefined;

  const fetch: BunRoute<unknown>["fetch"] = (req, srv) => {
    const url = new URL(req.url);
    const path = mount(url.pathname + url.search);
    if (path === undefined) return text(404, "no WebSocket endpoint at this path");
    if (!accepting) return text(503, "the multiplayer server is not running");
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") return text(426, "426 Upgrade Required: this is a WebSocket endpoint");
    const ip = srv.requestIP(req);
    const remoteAddress = plainAddress(ip?.address);
    const remotePort = ip?.port ?? 0;
    let aborted = false;
    const link = accepting.accept({ remoteAddress, remotePort, abort: () => void (aborted = true) });
    const decide = (decision: UpgradeDecision): Response | undefined => {
      if (!decision.accept || aborted) {
        link.closed(1006, "");
        return !decision.accept && decision.status ? text(decision.status, decision.reason) : text(400, "WebSocket upgrade refused");
      }
      const headers = new Headers(decision.headers.map(([name, value]) => [name, value] as [string, string]));
      if (decision.protocol !== "") headers.set("sec-websocket-protocol", decision.protocol);
      const info: ConnectionInfo = { remoteAddress, remotePort, protocol: decision.protocol, headers: headerRecord(req.headers) };
      if (srv.upgrade(req, { headers, data: { wsmp: { link, info } } })) return undefined;
      link.closed(1006, "");
      return text(400, "WebSocket upgrade failed");
    };
    if (aborted) return decide({ accept: false, reason: "refused" });
    const decision = link.upgrade(offeredProtocols(req.headers.get("sec-websocket-protocol")), headerRecord(req.headers), { path });
    return "then" in decision ? decision.then(decide) : decide(decision);
  };

  const websocket: WebSocketHandler<WsmpSocketData> = {
    perMessageDeflate: false,
    open(ws) {
      open.add(ws);
      const io = { send: (data: string | Uint8Array) => void (typeof data === "string" ? ws.sendText(data) : ws.sendBinary(data)), bufferedAmount: () => ws.getBufferedAmount(), ping: () => void ws.ping() };
      ws.data.wsmp.link.open(createBunConnection(ws, io, ws.data.wsmp.info));
    },
    message: (ws, message) => ws.data.wsmp.link.message(typeof message === "string" ? message : toBytes(message)),
    pong: (ws) => ws.data.wsmp.link.pong(),
    close(ws, code, reason) {
      open.delete(ws);
      const violation = violationCode(code, reason);
      if (violation !== undefined) ws.data.wsmp.link.error(reason, violation);
      ws.data.wsmp.link.closed(code, reason);
      if (open.size === 0) onEmpty?.();
    },
  };

  const transport: ServerTransport = {
    specVersion: 1,
    capabilities: BUN_ROUTE_CAPABILITIES,
    listen(request): Promise<ListenResult> {
      accepting = request;
      // Nothing to bind: the application's Bun.serve owns the port.
      return Promise.resolve({ port: 0, address: "" });
    },
    async stop() {
      accepting = undefined;
      if (open.size > 0) await new Promise<void>((resolve) => (onEmpty = resolve));
      onEmpty = undefined;
    },
  };
  return { transport, fetch, websocket };
}

/**
 * A wsmp server as a `fetch` / `websocket` pair for an application's own `Bun.serve`: route the
 * requests of your endpoint to `route.fetch` (e.g. `routes: { "/game": route.fetch }`) and pass
 * `route.websocket` as `websocket`. Every other request stays with the application.
 */
export function createBunRoute(options: ServerOptions = {}): BunRoute<MultiplayerServer> {
  const { transport, fetch, websocket } = createRouteTransport((path) => path);
  return { server: startServer(transport, bunRuntime, 0, "*", undefined, options), fetch, websocket };
}

/** A server of sessions as a route; the path below `prefix` (default none) names the session. */
export function createBunSessionRoute(options: SessionServerOptions & { readonly prefix?: string | undefined } = {}): BunRoute<SessionServer> {
  const { prefix = "", ...rest } = options;
  const { transport, fetch, websocket } = createRouteTransport(mountedPath(prefix));
  return { server: startSessionServer(transport, bunRuntime, 0, "*", undefined, rest), fetch, websocket };
}
