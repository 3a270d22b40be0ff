import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { MultiplayerServer, ServerOptions, SessionServer, SessionServerOptions } from "@wsmp/core";
import { type ListenRequest, type ListenResult, mountedPath, plainAddress, type ServerCapabilities, type ServerTransport, startServer, startSessionServer } from "@wsmp/core/adapter";
import { createNodeFanOut } from "./fan-out.js";
import { nodeRuntime } from "./runtime.js";
import { answer, createUpgrader } from "./upgrade.js";

/** An application's `node:http` or `node:https` server (express through `http.createServer(app)`, `fastify().server`, hono's `serve()`). */
export type AttachableServer = HttpServer | HttpsServer;

/**
 * Which upgrade requests are wsmp's, by their path: the path the core sees (`undefined`: not
 * ours). A mount prefix is removed here, so a server of sessions mounted at `/play` sees
 * `/play/match-42` as `/match-42`.
 */
export type UpgradeRoute = (path: string) => string | undefined;

/**
 * Attached to an application's server, wsmp sees a connection only when its upgrade request
 * arrives: the TCP accept, TLS and the HTTP request belong to the application's server (bound it
 * with `headersTimeout` / `requestTimeout`), so `handshakeTimeout` runs from the upgrade and
 * `maxPendingHandshakes` counts upgrades. Refusals are silent as on the Node server.
 */
export const NODE_ATTACHED_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: true, outboundMessageCount: true, tls: false, ping: true, fanOut: true });

/** The address the application's server is bound to, once it listens. */
function boundAddress(server: AttachableServer): Promise<ListenResult> {
  const read = (): ListenResult => {
    const address = server.address();
    return address === null || typeof address === "string" ? { port: 0, address: address ?? "" } : { port: address.port, address: address.address };
  };
  if (server.listening) return Promise.resolve(read());
  return new Promise((resolve) => server.once("listening", () => resolve(read())));
}

/**
 * A server transport that takes the upgrade requests `route` claims from an application's HTTP
 * server and leaves every other request (and upgrades on other paths) to the application. It
 * never binds a port: `listen` resolves once the application's server listens, and `stop`
 * removes its listener and waits for its own sockets, leaving the application's server open.
 */
export function createNodeAttachedTransport(server: AttachableServer, route: UpgradeRoute): ServerTransport {
  let detach: (() => void) | undefined;
  const sockets = new Set<Duplex>();
  let onEmpty: (() => void) | undefined;
  const fanOut = createNodeFanOut();

  return {
    specVersion: 1,
    capabilities: NODE_ATTACHED_CAPABILITIES,

    listen(request: ListenRequest): Promise<ListenResult> {
      detach?.();
      const upgrader = createUpgrader(request.options, fanOut);
      const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
        const path = route(req.url ?? "/");
        if (path === undefined) {
          // Another upgrade listener (a dev server's hot reload, another WebSocket library) may take it.
          if (server.listenerCount("upgrade") === 1) answer(socket, 404, "no WebSocket endpoint at this path", () => socket.destroy());
          return;
        }
        const raw = socket as Socket;
        raw.setNoDelay?.(true);
        let done = false;
        let upgraded = false;
        sockets.add(socket);
        const link = request.accept({ remoteAddress: plainAddress(raw.remoteAddress), remotePort: raw.remotePort ?? 0, abort: () => socket.destroy() });
        socket.on("error", () => undefined); // reported as a close
        socket.once("close", () => {
          done = true;
          sockets.delete(socket);
          if (!upgraded) link.closed(1006, "");
          if (sockets.size === 0) onEmpty?.();
        });
        if (socket.destroyed) return;
        upgrader.upgrade(req, socket, head, {
          link,
          remoteAddress: raw.remoteAddress,
          remotePort: raw.remotePort,
          path,
          gone: () => done,
          drop: () => socket.destroy(),
          opened: () => void (upgraded = true),
        });
      };
      server.on("upgrade", onUpgrade);
      detach = () => server.off("upgrade", onUpgrade);
      return boundAddress(server);
    },

    async stop(): Promise<void> {
      detach?.();
      detach = undefined;
      // The core already closed every peer and drops the ones that do not answer at its deadline.
      if (sockets.size > 0) await new Promise<void>((resolve) => (onEmpty = resolve));
      onEmpty = undefined;
    },
  };
}

/** The pathname of a request target, without its query. */
const pathnameOf = (target: string): string => target.split("?")[0] ?? "/";

/** Upgrades to exactly `path` (the query is ignored and kept); `"*"` takes every path. */
export function exactPath(path: string): UpgradeRoute {
  return (target) => (path === "*" || pathnameOf(target) === path ? target : undefined);
}

/** Options of `attachServer`: a server's options and the path its upgrades use. */
export interface AttachServerOptions extends ServerOptions {
  /** The path clients connect to (`ws://host:port/game`), default `/`; `"*"` takes every upgrade. */
  readonly path?: string | undefined;
}

/** Options of `attachSessionServer`: a server of sessions' options and the prefix its paths start with. */
export interface AttachSessionServerOptions extends SessionServerOptions {
  /** The mount prefix: `/play` serves `ws://host:port/play/<session>`; default none (every upgrade). */
  readonly prefix?: string | undefined;
}

/**
 * A wsmp server on an application's existing HTTP(S) server (express, fastify, hono's Node
 * server...): upgrade requests on `path` become peers, everything else stays with the
 * application. Starts at once; `await server.listen()` resolves once the application's server
 * listens. `close()` closes the peers and detaches, leaving the application's server running.
 */
export function attachServer(server: AttachableServer, options: AttachServerOptions = {}): MultiplayerServer {
  const { path = "/", ...rest } = options;
  return startServer(createNodeAttachedTransport(server, exactPath(path)), nodeRuntime, 0, "*", undefined, rest);
}

/** A server of sessions on an application's existing HTTP(S) server; the path below `prefix` names the session. */
export function attachSessionServer(server: AttachableServer, options: AttachSessionServerOptions = {}): SessionServer {
  const { prefix = "", ...rest } = options;
  return startSessionServer(createNodeAttachedTransport(server, mountedPath(prefix)), nodeRuntime, 0, "*", undefined, rest);
}
