import type { MultiplayerServer, ServerOptions } from "@wsmp/core";
import type { AdminPeer, AdminState, PublicInfo } from "../shared/admin-types.js";
import type { PlaygroundOptions } from "./cli-options.js";
import type { RuntimeHost } from "./host.js";
import { type AdminApi, createHttpRoutes } from "./http-routes.js";
import { attachServerApp } from "./server-app.js";

export interface RunningPlayground {
  /** Where a browser opens the page (the multiplayer endpoint is the same host and port, ws://). */
  readonly url: string;
  readonly port: number;
  readonly server: MultiplayerServer;
  close(): Promise<void>;
}

function serverOptions(options: PlaygroundOptions): ServerOptions {
  return {
    dialect: options.dialect,
    ...(options.dialect === "godot4" ? { scene: true as const } : {}),
    ...(options.handshakeTimeout !== undefined ? { handshakeTimeout: options.handshakeTimeout } : {}),
    ...(options.inboundBufferSize !== undefined ? { inboundBufferSize: options.inboundBufferSize } : {}),
    ...(options.maxQueuedPackets !== undefined ? { maxQueuedPackets: options.maxQueuedPackets } : {}),
    ...(options.outboundBufferSize !== undefined ? { outboundBufferSize: options.outboundBufferSize } : {}),
    ...(options.protocols !== undefined ? { supportedProtocols: options.protocols } : {}),
  };
}

/** The host part of the page's URL: localhost when listening everywhere or on loopback. */
function displayHost(bind: string): string {
  if (bind === "*" || bind === "0.0.0.0" || bind === "::" || bind === "127.0.0.1" || bind === "::1") return "localhost";
  return bind.includes(":") ? `[${bind}]` : bind;
}

/**
 * Starts the playground: one wsmp server (on the given runtime) that answers WebSocket upgrades
 * on any path as the multiplayer endpoint and plain HTTP with the page, `/info` and the
 * loopback-only admin API. Prints the URL, then one line per join and leave.
 */
export async function startPlayground(options: PlaygroundOptions, host: RuntimeHost, webRoot: string, print: (line: string) => void): Promise<RunningPlayground> {
  const connectedAt = new Map<number, number>();
  let server: MultiplayerServer | undefined;

  const peerRow = (s: MultiplayerServer, id: number): AdminPeer => {
    const peer = s.getPeer(id);
    return {
      id,
      address: peer?.getConnectedHost() ?? s.getPeerAddress(id),
      port: peer?.getConnectedPort() ?? s.getPeerPort(id),
      protocol: peer?.getSelectedProtocol() ?? "",
      // Raw mode keeps each connection's messages on the connection; the other dialects share one
      // queue, whose per-peer share the public API does not tell.
      queued: options.dialect === "raw" ? (peer?.getAvailablePacketCount() ?? 0) : null,
      buffered: peer?.getCurrentOutboundBufferedAmount() ?? 0,
      connectedAt: connectedAt.get(id) ?? Date.now(),
    };
  };

  const admin: AdminApi = {
    state(): AdminState {
      const s = server;
      return {
        runtime: host.name,
        dialect: options.dialect,
        port: s?.boundAddress?.port ?? options.port,
        peers: s ? s.peers.map((id) => peerRow(s, id)) : [],
        queuedTotal: s ? s.getAvailablePacketCount() : 0,
        settings: s
          ? {
              handshakeTimeout: s.handshakeTimeout,
              inboundBufferSize: s.inboundBufferSize,
              maxQueuedPackets: s.maxQueuedPackets,
              outboundBufferSize: s.outboundBufferSize,
              supportedProtocols: s.supportedProtocols,
              droppedPackets: s.droppedPacketCount,
            }
          : {},
      };
    },
    disconnect(id, code, reason) {
      if (!server || !Number.isInteger(id) || !server.hasPeer(id)) return false;
      return server.disconnectPeer(id, code, reason);
    },
  };
  const info = (): PublicInfo => ({ runtime: host.name, dialect: options.dialect, protocols: options.protocols ?? [] });

  const created = host.createServer(options.port, options.bind, serverOptions(options), createHttpRoutes(webRoot, info, admin));
  server = created;
  const count = (): string => `${created.peers.length} peer${created.peers.length === 1 ? "" : "s"}`;
  if (!options.quiet) {
    created.on("peer_connected", (id, protocol) => {
      connectedAt.set(id, Date.now());
      const where = `${created.getPeerAddress(id)}:${created.getPeerPort(id)}`;
      print(`+ peer ${id} joined from ${where}${protocol ? ` (${protocol})` : ""} · ${count()}`);
    });
    created.on("peer_disconnected", (id, info) => {
      connectedAt.delete(id);
      const why = `${info.byServer ? "closed by the server" : "left"}, code ${info.code}${info.reason ? ` "${info.reason}"` : ""}`;
      print(`- peer ${id} ${why} · ${count()}`);
    });
  } else {
    created.on("peer_connected", (id) => void connectedAt.set(id, Date.now()));
    created.on("peer_disconnected", (id) => void connectedAt.delete(id));
  }
  const detach = attachServerApp(created, options.dialect);
  const address = await created.listen();
  const url = `http://${displayHost(options.bind)}:${address.port}/`;
  return {
    url,
    port: address.port,
    server: created,
    async close() {
      detach();
      await created.close();
    },
  };
}
