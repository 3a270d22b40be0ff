import type { CloseInfo, DropInfo, HandshakeFailure, JoinRefusal, MultiplayerServer, ProtocolErrorInfo, Session, SessionServer, Traffic } from "@wsmp/core";
import { Counter, Gauge, Registry } from "prom-client";

/** Prometheus metrics of wsmp servers, on a prom-client registry (`registry.metrics()` is the scrape body). */
export interface WsmpMetrics {
  readonly registry: Registry;
  /** Counts a server or a server of sessions (every session, present and future). Returns a function that stops watching. */
  watch(server: MultiplayerServer | SessionServer): () => void;
  /** The scrape body in Prometheus' text format. */
  text(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Register on this registry instead of a new one (e.g. prom-client's global `register`, beside your own metrics). */
  readonly registry?: Registry | undefined;
  /** Prefix of every name (default `wsmp_`). */
  readonly prefix?: string | undefined;
}

const TRAFFIC: readonly (keyof Traffic)[] = ["messagesIn", "bytesIn", "messagesOut", "bytesOut"];

function isSessionServer(server: MultiplayerServer | SessionServer): server is SessionServer {
  return typeof (server as SessionServer).listSessions === "function";
}

/**
 * Metrics of wsmp servers for Prometheus: peers, sessions, live connections, messages and bytes
 * in and out (every WebSocket message, relayed ones included), drops by reason and direction,
 * handshake failures by reason, closes by code, protocol errors, refused joins, and the queue
 * depths (packets waiting for the application, bytes waiting to be written) at scrape time.
 */
export function createMetrics(options: MetricsOptions = {}): WsmpMetrics {
  const registry = options.registry ?? new Registry();
  const p = options.prefix ?? "wsmp_";
  const servers = new Set<MultiplayerServer>();
  const sessionServers = new Set<SessionServer>();
  /** Traffic of servers no longer watched (closed sessions), so the counters never go down. */
  const gone: Record<keyof Traffic, number> = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
  const sum = <T>(items: Iterable<T>, of: (item: T) => number): number => [...items].reduce((total, item) => total + of(item), 0);
  const peerHandles = function* () {
    for (const server of servers) for (const id of server.peers) yield server.getPeer(id);
  };
  const registers = [registry];

  const trafficCounter = (key: keyof Traffic, name: string, help: string): Counter =>
    new Counter({
      name: `${p}${name}`,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(gone[key] + sum(servers, (s) => s.traffic[key]));
      },
    });
  trafficCounter("messagesIn", "messages_received_total", "WebSocket messages received from peers");
  trafficCounter("bytesIn", "received_bytes_total", "Payload bytes of the messages received");
  trafficCounter("messagesOut", "messages_sent_total", "WebSocket messages sent to peers (relayed ones included)");
  trafficCounter("bytesOut", "sent_bytes_total", "Payload bytes of the messages sent");
  const gauge = (name: string, help: string, value: () => number): Gauge =>
    new Gauge({
      name: `${p}${name}`,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  gauge("peers", "Connected peers (the server, peer 1, not counted)", () => sum(servers, (s) => s.peers.length));
  gauge("sessions", "Open sessions of the servers of sessions", () => sum(sessionServers, (s) => s.sessions.length));
  gauge("live_connections", "Connections not yet gone: handshaking, open and closing", () => sum(servers, (s) => s.liveConnections));
  gauge("inbound_queued_packets", "Packets from peers waiting for the application to read them", () => sum(peerHandles(), (h) => h?.queuedPackets ?? 0));
  gauge("outbound_buffered_bytes", "Bytes waiting to be written to peers", () => sum(peerHandles(), (h) => h?.getCurrentOutboundBufferedAmount() ?? 0));
  gauge("outbound_buffered_bytes_max", "The most bytes waiting to be written to one peer", () => Math.max(0, ...[...peerHandles()].map((h) => h?.getCurrentOutboundBufferedAmount() ?? 0)));
  const counter = (name: string, help: string, labelNames: string[]): Counter => new Counter({ name: `${p}${name}`, help, labelNames, registers });
  const connections = counter("connections_total", "Peers that were given an id", []);
  const closes = counter("disconnects_total", "Peers that left, by close code", ["code"]);
  const drops = counter("packets_dropped_total", "Packets not delivered or not sent, by direction and reason", ["direction", "reason"]);
  const failures = counter("handshake_failures_total", "Connections that never became peers, by reason (a refusal's reason, else the error code)", ["reason"]);
  const protocolErrors = counter("protocol_errors_total", "Peers closed for breaking the protocol or a limit, by error code", ["code"]);
  const refusedJoins = counter("join_refusals_total", "Joins that reached no session, by refusal", ["refusal"]);

  const watchServer = (server: MultiplayerServer): (() => void) => {
    servers.add(server);
    const listeners = {
      peer_connected: () => connections.inc(),
      peer_disconnected: (_id: number, info: CloseInfo) => closes.inc({ code: String(info.code) }),
      packet_dropped: (info: DropInfo) => drops.inc({ direction: info.direction, reason: info.code }),
      handshake_failed: (info: HandshakeFailure) => failures.inc({ reason: info.refusal ?? info.code }),
      protocol_error: (info: ProtocolErrorInfo) => protocolErrors.inc({ code: info.code }),
    };
    const names = Object.keys(listeners) as (keyof typeof listeners)[];
    for (const name of names) server.events.on(name, listeners[name] as never);
    return () => {
      for (const name of names) server.events.off(name, listeners[name] as never);
      if (!servers.delete(server)) return;
      for (const key of TRAFFIC) gone[key] += server.traffic[key];
    };
  };

  const watchSessions = (host: SessionServer): (() => void) => {
    sessionServers.add(host);
    const stops = new Map<Session, () => void>();
    const add = (session: Session): void => {
      const stop = watchServer(session);
      stops.set(session, stop);
      // A closed session's traffic moves to the totals of servers gone.
      session.events.once("close", () => {
        stop();
        stops.delete(session);
      });
    };
    const onRefused = (info: JoinRefusal): void => refusedJoins.inc({ refusal: info.refusal });
    host.events.on("session_created", add);
    host.events.on("join_refused", onRefused);
    for (const session of host.sessions) add(session);
    return () => {
      host.events.off("session_created", add);
      host.events.off("join_refused", onRefused);
      for (const stop of stops.values()) stop();
      stops.clear();
      sessionServers.delete(host);
    };
  };

  return {
    registry,
    watch: (server) => (isSessionServer(server) ? watchSessions(server) : watchServer(server)),
    text: () => registry.metrics(),
    get contentType() {
      return registry.contentType;
    },
  };
}
