import { InvalidArgumentError } from "./errors.js";

/** What the server does with a peer whose outbound buffer is full (it reads more slowly than it is sent to). */
export const SlowPeerPolicy = {
  /** Drop the message with `packet_dropped`, keep the peer (Godot's behaviour for every send). */
  DROP: "drop",
  /** Close the peer with 4004 once its buffer has refused messages for `slowPeerTimeout` seconds (0: at the first). */
  CLOSE: "close",
  /**
   * The default. A message the application sends is dropped with `packet_dropped`, as Godot does
   * (the call or the event tells the application); a message the server relays between two peers
   * (Godot 3 relay, SceneMultiplayer relay) that does not fit closes the receiver with 4004 at
   * once, so a relayed stream is never silently missing a packet.
   */
  CLOSE_ON_RELAY: "close-on-relay",
} as const;
export type SlowPeerPolicy = (typeof SlowPeerPolicy)[keyof typeof SlowPeerPolicy];

/** Why a connection was refused before it became a peer. */
export const RefusalReason = {
  /** `refuseNewConnections` is on. */
  REFUSING: "refusing",
  /** No common subprotocol. */
  SUBPROTOCOL: "subprotocol",
  /** `maxPeers` peers are already connected. */
  MAX_PEERS: "max_peers",
  /** `maxPeersPerAddress` connections from this address are already live. */
  MAX_PEERS_PER_ADDRESS: "max_peers_per_address",
  /** `maxPendingHandshakes` connections are already in their handshake. */
  MAX_PENDING_HANDSHAKES: "max_pending_handshakes",
  /** The `Origin` header is not in `allowedOrigins`. */
  ORIGIN: "origin",
  /** The `admit` hook refused (or threw). */
  ADMISSION: "admission",
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

/** What the `admit` hook sees: the upgrade request, before any peer id is given out. */
export interface AdmissionRequest {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The request target (path and query), "/" when the runtime does not tell. */
  readonly path: string;
  /** The `Origin` header ("" when absent: Godot and other non-browser clients send none). */
  readonly origin: string;
  /** Request headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Subprotocols the client offered. */
  readonly protocols: readonly string[];
}

/**
 * The `admit` hook's answer: `true` (or nothing) admits; `false` refuses the way the runtime
 * refuses an upgrade (Node: the socket is dropped with no answer, as Godot; Bun: HTTP 400);
 * `{ status }` refuses with that HTTP status (400-599) and an optional short body on every runtime.
 */
export type AdmissionResult = boolean | undefined | void | { readonly status: number; readonly reason?: string };

export type AdmissionHook = (request: AdmissionRequest) => AdmissionResult | Promise<AdmissionResult>;

/** Server-only protections, all off by default (Godot has none of them) except `slowPeer`. */
export interface ServerLimits {
  /** Connected peers at most (0: no cap). Connections past it are refused at the upgrade. */
  maxPeers: number;
  /** Live connections (handshaking or connected) from one IP address at most (0: no cap). */
  maxPeersPerAddress: number;
  /** Connections in their handshake at once at most (0: no cap); past it new TCP connections are dropped. */
  maxPendingHandshakes: number;
  /** Origins allowed to connect (exact `scheme://host[:port]`, or "*"); requests without `Origin` (Godot, bots) pass. Empty: any. */
  allowedOrigins: readonly string[];
  /** Called for every upgrade request that passed the checks above; may be async (counts against `handshakeTimeout`). */
  admit: AdmissionHook | undefined;
  /** Messages per second one peer may send (a bucket holding one second's worth; 0: no limit). */
  maxInboundMessagesPerSecond: number;
  /** Bytes per second one peer may send (0: no limit). */
  maxInboundBytesPerSecond: number;
  slowPeer: SlowPeerPolicy;
  /**
   * Seconds a peer's outbound buffer may keep refusing messages before `slowPeer: "close"` closes it,
   * checked when a message is refused and at that deadline on the engine's clock (engine/slow-peer.ts).
   */
  slowPeerTimeout: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxPeers: 0,
  maxPeersPerAddress: 0,
  maxPendingHandshakes: 0,
  allowedOrigins: Object.freeze([]) as readonly string[],
  admit: undefined,
  maxInboundMessagesPerSecond: 0,
  maxInboundBytesPerSecond: 0,
  slowPeer: SlowPeerPolicy.CLOSE_ON_RELAY,
  slowPeerTimeout: 0,
});

function count(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new InvalidArgumentError(`${name} must be an integer >= 0 (0 turns it off), got ${String(value)}`);
  return value;
}

/** Lower-cases an origin and drops a trailing slash, as browsers send it. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, "");
}

function origins(value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError("allowedOrigins must be an array of origins");
  return Object.freeze(
    value.map((o: unknown) => {
      if (typeof o !== "string" || (o !== "*" && !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+\/?$/i.test(o.trim()))) {
        throw new InvalidArgumentError(`allowedOrigins: ${JSON.stringify(o)} is not an origin ("https://example.com" or "*")`);
      }
      return normalizeOrigin(o);
    }),
  );
}

function validateLimit<K extends keyof ServerLimits>(key: K, value: unknown): ServerLimits[K] {
  switch (key) {
    case "maxPeers":
    case "maxPeersPerAddress":
    case "maxPendingHandshakes":
    case "maxInboundMessagesPerSecond":
    case "maxInboundBytesPerSecond":
      return count(key, value) as ServerLimits[K];
    case "allowedOrigins":
      return origins(value) as ServerLimits[K];
    case "admit":
      if (value !== undefined && typeof value !== "function") throw new InvalidArgumentError("admit must be a function");
      return value as ServerLimits[K];
    case "slowPeer":
      if (!Object.values(SlowPeerPolicy).includes(value as SlowPeerPolicy)) {
        throw new InvalidArgumentError(`slowPeer must be "drop", "close" or "close-on-relay", got ${String(value)}`);
      }
      return value as ServerLimits[K];
    case "slowPeerTimeout":
      if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`slowPeerTimeout must be a number of seconds >= 0, got ${String(value)}`);
      return value as ServerLimits[K];
    default:
      throw new InvalidArgumentError(`unknown server option ${String(key)}`);
  }
}

/** The names `resolveServerLimits` takes, so callers can split them from the peer options. */
export const SERVER_LIMIT_KEYS: readonly (keyof ServerLimits)[] = Object.freeze(Object.keys(DEFAULT_SERVER_LIMITS) as (keyof ServerLimits)[]);

/** Fills in defaults and validates every given limit at once. */
export function resolveServerLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const out: ServerLimits = { ...DEFAULT_SERVER_LIMITS };
  for (const key of Object.keys(given) as (keyof ServerLimits)[]) {
    const value = given[key];
    if (value === undefined && key !== "admit") continue;
    (out as unknown as Record<string, unknown>)[key] = validateLimit(key, value);
  }
  return out;
}
