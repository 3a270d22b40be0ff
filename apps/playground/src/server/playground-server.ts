import type { MultiplayerServer, Session, SessionServer, SessionServerOptions } from "@wsmp/core";
import type { AdminPeer, AdminSession, AdminState, PublicInfo, PublicSession } from "../shared/admin-types.js";
import type { PlaygroundOptions } from "./cli-options.js";
import type { RuntimeHost } from "./host.js";
import { type AdminApi, createHttpRoutes } from "./http-routes.js";
import { attachServerApp } from "./server-app.js";

export interface RunningPlayground {
  /** Where a browser opens the page (the multiplayer endpoint is the same host and port, ws://). */
  readonly url: string;
  readonly port: number;
  readonly server: SessionServer;
  close(): Promise<void>;
}

/** The session a page or game joins when its URL has no path (`ws://host:port/`). */
export const DEFAULT_SESSION = "lobby";
/** Seconds a session a page created by joining stays once its last peer left. */
const EMPTY_TIMEOUT = 30;

function serverOptions(options: PlaygroundOptions): SessionServerOptions {
  return { ...options.server, createSessions: "on-join", defaultSession: DEFAULT_SESSION, emptyTimeout: EMPTY_TIMEOUT };
}

/** The host part of the page's URL: localhost when listening everywhere or on loopback. */
function displayHost(bind: string): string {
  if (bind === "*" || bind === "0.0.0.0" || bind === "::" || bind === "127.0.0.1" || bind === "::1") return "localhost";
  return bind.includes(":") ? `[${bind}]` : bind;
}

/**
 * Starts the playground: one wsmp server of sessions (on the given runtime) whose path names the
 * session (`/` is the lobby, any other name creates its session on the first join), and plain
 * HTTP with the page, `/info`, `/sessions` and the loopback-only admin API. Prints the URL, then
 * one line per join and leave (naming the session when it is not the lobby).
 */
export async function startPlayground(options: PlaygroundOptions, host: RuntimeHost, webRoot: string, print: (line: string) => void): Promise<RunningPlayground> {
  const connectedAt = new Map<string, number>();
  const detachers = new Map<Session, () => void>();
  let server: SessionServer | undefined;

  const peerRow = (s: MultiplayerServer, key: string, id: number): AdminPeer => {
    const peer = s.getPeer(id);
    return {
      id,
      address: peer?.getConnectedHost() ?? s.getPeerAddress(id),
      port: peer?.getConnectedPort() ?? s.getPeerPort(id),
      protocol: peer?.getSelectedProtocol() ?? "",
      // Packets from this peer waiting for the server's application, whatever the dialect.
      queued: peer?.queuedPackets ?? 0,
      buffered: peer?.getCurrentOutboundBufferedAmount() ?? 0,
      connectedAt: connectedAt.get(`${key} ${id}`) ?? Date.now(),
    };
  };
  const sessionRow = (s: Session): AdminSession => ({ name: s.name, origin: s.origin, peers: s.peers.map((id) => peerRow(s, s.name, id)), queuedTotal: s.getAvailablePacketCount() });

  const admin: AdminApi = {
    state(): AdminState {
      const lobby = server?.getSession(DEFAULT_SESSION);
      const sessions = server ? server.sessions.map(sessionRow) : [];
      return {
        runtime: host.name,
        dialect: options.dialect,
        port: server?.boundAddress?.port ?? options.port,
        peers: lobby ? sessionRow(lobby).peers : [],
        queuedTotal: lobby ? lobby.getAvailablePacketCount() : 0,
        sessions,
        settings: lobby
          ? {
              handshakeTimeout: lobby.handshakeTimeout,
              inboundBufferSize: lobby.inboundBufferSize,
              maxQueuedPackets: lobby.maxQueuedPackets,
              outboundBufferSize: lobby.outboundBufferSize,
              supportedProtocols: lobby.supportedProtocols,
              droppedPackets: server!.sessions.reduce((sum, s) => sum + s.droppedPacketCount, 0),
            }
          : {},
      };
    },
    disconnect(id, code, reason, name = DEFAULT_SESSION) {
      const session = server?.getSession(name);
      if (!session || !Number.isInteger(id) || !session.hasPeer(id)) return false;
      return session.disconnectPeer(id, code, reason);
    },
  };
  const info = (): PublicInfo => ({ runtime: host.name, dialect: options.dialect, protocols: options.protocols ?? [] });
  const list = (): PublicSession[] => (server ? server.listSessions().map(({ name, peers }) => ({ name, peers })) : []);

  const created = host.createSessionServer(options.port, options.bind, serverOptions(options), createHttpRoutes(webRoot, info, admin, list));
  server = created;
  const watch = (session: Session): void => {
    const where = session.name === DEFAULT_SESSION ? "" : ` in ${session.name}`;
    const count = (): string => `${session.peers.length} peer${session.peers.length === 1 ? "" : "s"}${where}`;
    session.on("peer_connected", (id, protocol) => {
      connectedAt.set(`${session.name} ${id}`, Date.now());
      if (options.quiet) return;
      const from = `${session.getPeerAddress(id)}:${session.getPeerPort(id)}`;
      print(`+ peer ${id} joined from ${from}${protocol ? ` (${protocol})` : ""} · ${count()}`);
    });
    session.on("peer_disconnected", (id, info) => {
      connectedAt.delete(`${session.name} ${id}`);
      if (options.quiet) return;
      const why = `${info.byServer ? "closed by the server" : "left"}, code ${info.code}${info.reason ? ` "${info.reason}"` : ""}`;
      print(`- peer ${id} ${why} · ${count()}`);
    });
    detachers.set(session, attachServerApp(session, options.dialect));
  };
  created.on("session_created", watch);
  created.on("session_closed", () => {
    for (const [session, detach] of detachers) {
      if (created.getSession(session.name) === session) continue;
      detach();
      detachers.delete(session);
    }
  });
  created.createSession(DEFAULT_SESSION, { emptyTimeout: 0 });
  const address = await created.listen();
  const url = `http://${displayHost(options.bind)}:${address.port}/`;
  return {
    url,
    port: address.port,
    server: created,
    async close() {
      for (const detach of detachers.values()) detach();
      detachers.clear();
      await created.close();
    },
  };
}
