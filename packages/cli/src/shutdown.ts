import type { MultiplayerServer, SessionServer } from "@wsmp/core";

export interface DrainOptions {
  /** Close code every peer gets (default 1001, "going away"). */
  readonly code?: number | undefined;
  readonly reason?: string | undefined;
  /** How long to wait for the peers' sockets before the server closes what is left (ms, default 10 000). */
  readonly timeoutMs?: number | undefined;
}

export interface DrainResult {
  /** Peers that were sent the close code. */
  readonly peers: number;
  /** True when the deadline passed with sockets still open (they were then dropped by `close()`). */
  readonly timedOut: boolean;
}

const serversOf = (server: MultiplayerServer | SessionServer): MultiplayerServer[] => ("listSessions" in server ? server.sessions : [server]);

/**
 * A graceful stop: new connections are refused, every peer is closed with `code` (1001) and
 * `reason` and gets `peer_disconnected` as usual, the sockets are given until `timeoutMs` to
 * finish their close handshake, then the server closes (releasing the port). For a server of
 * sessions, joins must be refused by the caller's `admit` hook meanwhile (the relay's is).
 */
export async function drainServer(server: MultiplayerServer | SessionServer, options: DrainOptions = {}): Promise<DrainResult> {
  const code = options.code ?? 1001;
  const reason = options.reason ?? "server shutting down";
  const timeoutMs = options.timeoutMs ?? 10_000;
  let peers = 0;
  for (const one of serversOf(server)) {
    one.refuseNewConnections = true;
    for (const id of one.peers) if (one.disconnectPeer(id, code, reason)) peers++;
  }
  const end = Date.now() + timeoutMs;
  const live = (): number => serversOf(server).reduce((total, one) => total + one.liveConnections, 0);
  while (live() > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  const timedOut = live() > 0;
  await server.close();
  return { peers, timedOut };
}
