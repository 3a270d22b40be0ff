/**
 * Every setting of `wsmp relay`, in one table: its flag, its environment variable, its key in
 * a JSON config file, its type, default and help line. The parser, the `--help` text, the
 * playground's flags and docs/deploy.md's table all come from here.
 */

export type OptionKind =
  | { readonly type: "string" }
  | { readonly type: "integer"; readonly min: number; readonly max?: number }
  /** A number of seconds (or another real quantity) >= min, or > min when `exclusive`. */
  | { readonly type: "number"; readonly min: number; readonly exclusive?: boolean }
  | { readonly type: "boolean" }
  | { readonly type: "choice"; readonly choices: readonly string[] }
  /** Comma-separated on the command line and in the environment, an array in a config file. */
  | { readonly type: "list" }
  /** A file path; the flag may be given more than once for `multiple`. */
  | { readonly type: "file" };

/** Groups, in the order `--help` prints them. */
export const OPTION_GROUPS = {
  server: "Server",
  limits: "Godot's limits (WebSocketMultiplayerPeer)",
  hardening: "Protections (docs/security.md)",
  tls: "TLS",
  auth: "Authentication",
  sessions: "Sessions (docs/sessions.md)",
  ops: "Operations",
} as const;
export type OptionGroup = keyof typeof OPTION_GROUPS;

export interface OptionSpec {
  /** The key in a config file and in the parsed result (camelCase). */
  readonly key: string;
  /** `--kebab-case`. */
  readonly flag: string;
  readonly short?: string | undefined;
  /** `WSMP_SNAKE_CASE`, or undefined for flags that only make sense on a command line. */
  readonly env: string | undefined;
  readonly kind: OptionKind;
  /** The value when nothing sets it; undefined leaves the library's default. */
  readonly default?: string | number | boolean | readonly string[] | undefined;
  /** What `--help` shows as the value, e.g. `N`, `S`, `FILE`. */
  readonly arg?: string | undefined;
  readonly group: OptionGroup;
  readonly help: string;
}

const env = (key: string): string => `WSMP_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const flag = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function option(key: string, group: OptionGroup, kind: OptionKind, help: string, extra: Partial<OptionSpec> = {}): OptionSpec {
  return { key, flag: flag(key), env: env(key), kind, group, help, ...extra };
}

const seconds = (min = 0, exclusive = false): OptionKind => ({ type: "number", min, exclusive });
const count = (min = 0, max?: number): OptionKind => (max === undefined ? { type: "integer", min } : { type: "integer", min, max });

export const RELAY_OPTIONS: readonly OptionSpec[] = [
  option("runtime", "server", { type: "choice", choices: ["node", "bun"] }, "runtime of the server (bun: $BUN_BINARY, `bun` on PATH or the bun npm package)", { default: "node" }),
  option("port", "server", count(0, 65535), "port to listen on, 0 for any free one", { default: 9080, arg: "N" }),
  option("bind", "server", { type: "string" }, 'interface to listen on, "*" for all', { default: "*", arg: "ADDRESS" }),
  option("dialect", "server", { type: "choice", choices: ["godot4", "godot3", "raw"] }, "wire protocol: Godot 4 WebSocketMultiplayerPeer, Godot 3 gd_mp_api=true, or raw messages", { default: "godot4" }),
  option(
    "relay",
    "server",
    { type: "choice", choices: ["godot", "server-only", "off"] },
    "godot4: SceneMultiplayer relay between clients (godot), clients talk only to the server (server-only), no scene layer (off); raw: pass every message to the other peers (godot) or not (off)",
    { default: "godot" },
  ),
  option("protocols", "server", { type: "list" }, "WebSocket subprotocols the server accepts (Godot's strict negotiation)", { arg: "a,b" }),
  option("handshakeHeaders", "server", { type: "list" }, 'extra "Name: value" lines in the 101 response', { arg: "LINE,..." }),

  option("handshakeTimeout", "limits", seconds(0, true), "seconds from TCP accept to the peer's id, also the close grace", { arg: "S" }),
  option("inboundBufferSize", "limits", count(1), "largest incoming message, and bytes queued per peer", { arg: "N" }),
  option("maxQueuedPackets", "limits", count(1), "packets queued per peer, in and out", { arg: "N" }),
  option("outboundBufferSize", "limits", { type: "integer", min: -1 }, "bytes waiting to be written to one peer (<= 0: no byte check)", { arg: "N" }),
  option("overflow", "limits", { type: "choice", choices: ["drop", "close"] }, "a peer that overfills its inbound queue or passes a rate limit: drop the packet, or close it with 1008"),

  option("maxPeers", "hardening", count(), "connected peers at most (0: no cap)", { arg: "N" }),
  option("maxPeersPerAddress", "hardening", count(), "live connections from one IP address at most (0: no cap)", { arg: "N" }),
  option("maxPendingHandshakes", "hardening", count(), "connections in their handshake at once at most (0: no cap)", { arg: "N" }),
  option("allowedOrigins", "hardening", { type: "list" }, 'browser origins allowed ("https://game.example" or "*"); requests without Origin pass', { arg: "URL,..." }),
  option("maxInboundMessagesPerSecond", "hardening", count(), "messages per second one peer may send (0: no limit)", { arg: "N" }),
  option("maxInboundBytesPerSecond", "hardening", count(), "bytes per second one peer may send (0: no limit)", { arg: "N" }),
  option("slowPeer", "hardening", { type: "choice", choices: ["drop", "close", "close-on-relay"] }, "a peer whose outbound buffer is full (default close-on-relay)"),
  option("slowPeerTimeout", "hardening", seconds(), "seconds a full buffer is tolerated with --slow-peer close", { arg: "S" }),
  option("heartbeatInterval", "hardening", seconds(), "seconds of silence before a WebSocket ping (0: off)", { arg: "S" }),
  option("heartbeatTimeout", "hardening", seconds(0, true), "seconds a ping may wait for its pong before the peer is closed with 4003", { arg: "S" }),

  option("tlsKey", "tls", { type: "file" }, "PEM private key: serve wss:// (with --tls-cert)", { arg: "FILE" }),
  option("tlsCert", "tls", { type: "file" }, "PEM certificate (chain) for --tls-key", { arg: "FILE" }),
  option("tlsCa", "tls", { type: "file" }, "PEM CA chain sent after the certificate", { arg: "FILE" }),

  option("token", "auth", { type: "string" }, "refuse (401) every connection that does not present this token: ?token=... in the URL, or an Authorization: Bearer / X-Wsmp-Token header", { arg: "TOKEN" }),
  option("tokenFile", "auth", { type: "file" }, "read the token from a file (a Docker or Kubernetes secret)", { arg: "FILE" }),

  option("sessions", "sessions", { type: "boolean" }, "many sessions on the port, chosen by the URL's path (ws://host:port/<name>)"),
  option("defaultSession", "sessions", { type: "string" }, "the session a URL without a path joins (default: lobby with --sessions)", { arg: "NAME" }),
  option("createSessions", "sessions", { type: "choice", choices: ["on-join", "application"] }, "who creates sessions: the first join to a name, or only --session"),
  option("session", "sessions", { type: "list" }, "sessions to create at start (they never time out)", { arg: "NAME,..." }),
  option("maxSessions", "sessions", count(), "open sessions at most (0: no cap)", { arg: "N" }),
  option("emptyTimeout", "sessions", seconds(), "seconds an empty session created by a join stays (default 60)", { arg: "S" }),

  option("metricsPort", "ops", count(0, 65535), "serve GET /metrics (Prometheus) and GET /healthz on this port (off when not given)", { arg: "N" }),
  option("metricsBind", "ops", { type: "string" }, "interface of the metrics port (default: --bind)", { arg: "ADDRESS" }),
  option("shutdownTimeout", "ops", seconds(), "seconds SIGTERM/SIGINT waits for peers to close after sending them 1001", { default: 10, arg: "S" }),
  option("logFormat", "ops", { type: "choice", choices: ["text", "json"] }, "one line per event (connections, closes, failures, drops) on stdout", { default: "text" }),
  option("quiet", "ops", { type: "boolean" }, "no event lines (WSMP_LOG and DEBUG=wsmp are then ignored)"),
  option("config", "ops", { type: "file" }, "a JSON file of these settings by their camelCase names (flags and variables win over it)", { arg: "FILE" }),
  { key: "help", flag: "--help", short: "-h", env: undefined, kind: { type: "boolean" }, group: "ops", help: "this text" },
  { key: "version", flag: "--version", env: undefined, kind: { type: "boolean" }, group: "ops", help: "print the version" },
];

/** The options of the given groups, in table order. */
export function optionsIn(...groups: OptionGroup[]): OptionSpec[] {
  return RELAY_OPTIONS.filter((o) => groups.includes(o.group));
}

/** The options among `RELAY_OPTIONS` whose keys are given, in table order. */
export function pickOptions(keys: readonly string[]): OptionSpec[] {
  const missing = keys.filter((key) => !RELAY_OPTIONS.some((o) => o.key === key));
  if (missing.length > 0) throw new Error(`unknown option keys: ${missing.join(", ")}`);
  return RELAY_OPTIONS.filter((o) => keys.includes(o.key));
}
