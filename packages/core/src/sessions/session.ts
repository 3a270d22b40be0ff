import { MultiplayerServer, type ServerConfig } from "../api/multiplayer-server.js";
import type { PendingSocket, ServerLink } from "../contract/connection.js";
import type { ListenResult, Runtime, ServerCapabilities, ServerTransport } from "../contract/transport.js";

/** How a session came to be: created by a client's join, or by the application. */
export type SessionOrigin = "join" | "application";

/** What a session tells its server of sessions. */
export interface SessionHostHooks {
  readonly capabilities: ServerCapabilities;
  /** The host's bound address (or the one it was asked for while binding). */
  address(): ListenResult;
  /** The session's own accept, handed over when the session starts. */
  started(accept: (socket: PendingSocket, acceptedAt: number) => ServerLink): void;
  /** `close()` was called on the session: the host forgets it at once. */
  closing(): void;
}

/**
 * The transport a session listens on: no socket of its own. The server of sessions accepts every
 * TCP connection and hands each one to the session its path names through `started`'s accept.
 */
function sessionTransport(hooks: SessionHostHooks): ServerTransport {
  return {
    specVersion: 1,
    capabilities: hooks.capabilities,
    listen: (request) => {
      hooks.started((socket, acceptedAt) => request.accept(socket, acceptedAt));
      return Promise.resolve(hooks.address());
    },
    // The sockets belong to the host's transport; the session's engine has closed its peers.
    stop: () => Promise.resolve(),
  };
}

/**
 * One session of a server of sessions: a full Godot peer space (its own ids with the server as
 * peer 1, routing, relay, auth, limits, dialect, RPC nodes) with the whole `MultiplayerServer` API.
 * Its peers never see or reach another session's. `close()` closes its peers (1000) and removes
 * it from its server at once.
 */
export class Session extends MultiplayerServer {
  constructor(
    /** The name clients join it by (`ws://host:port/<name>`). */
    readonly name: string,
    /** Created by a client's join or by `createSession`. */
    readonly origin: SessionOrigin,
    private readonly host: SessionHostHooks,
    runtime: Runtime,
    config: ServerConfig,
  ) {
    super(sessionTransport(host), runtime, config);
  }

  override close(): Promise<void> {
    this.host.closing();
    return super.close();
  }
}

/** True for a `Session` (a server of sessions' session, not a plain server). */
export function isSession(value: unknown): value is Session {
  return value instanceof Session;
}
