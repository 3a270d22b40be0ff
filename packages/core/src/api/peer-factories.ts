import { MultiplayerClient } from "./multiplayer-client.js";
import type { ClientDialectFactory, ServerDialectFactory } from "../engine/dialect-contract.js";
import { type DialectChoice, resolveClientDialect, resolveServerDialect } from "./dialect-choice.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { MultiplayerServer, type ServerConfig } from "./multiplayer-server.js";
import type { SceneClientOptions, SceneServerOptions } from "../dialects/scene/scene-options.js";
import type { ClientTransport, Runtime, ServerTransport, TlsClientOptions, TlsServerOptions } from "../contract/transport.js";
import { SERVER_LIMIT_KEYS, type ServerLimits } from "../shared/server-limits.js";
import { type LogOption, logServerEvents, logSink } from "./event-log.js";

/**
 * Options of `createServer` beyond port, bind address and TLS: Godot's peer settings, the
 * server-only protections (`maxPeers`, `allowedOrigins`, `admit`, rate limits, `slowPeer`; see
 * docs/security.md) and the wire protocol.
 */
export interface ServerOptions extends Partial<PeerOptions>, Partial<ServerLimits> {
  /** Wire protocol: "godot4" (default), "godot3", "raw", or a custom dialect factory. */
  readonly dialect?: DialectChoice<ServerDialectFactory>;
  /**
   * Godot 4 SceneMultiplayer on top of "godot4" (joins, relay, in-band auth, `sendBytes`):
   * `true` for Godot's defaults, or `{ relay, auth, authTimeout }`. See docs/godot4/README.md.
   */
  readonly scene?: true | SceneServerOptions | undefined;
  /**
   * The event log (connections, closes, handshake failures, protocol errors, drops): `true` or
   * `"text"` / `"json"` for lines on stderr (Node, Bun), a function for the records, `false` for
   * none. Left out: on when `WSMP_LOG` or `DEBUG=wsmp` says so. For a server of sessions it
   * applies to the whole server. See docs/deploy.md#logs.
   */
  readonly log?: LogOption | undefined;
}

export interface ClientOptions extends Partial<PeerOptions> {
  readonly dialect?: DialectChoice<ClientDialectFactory>;
  /** Talk to a Godot 4 SceneMultiplayer server: `true`, or `{ auth, authTimeout }`. */
  readonly scene?: true | SceneClientOptions | undefined;
}

function splitOptions<O extends { dialect?: unknown; scene?: unknown }>(options: O): [Partial<PeerOptions>, O["dialect"], O["scene"]] {
  const { dialect, scene, ...rest } = options;
  return [rest as Partial<PeerOptions>, dialect, scene];
}

/**
 * The `ServerConfig` `createServer`'s arguments stand for: the peer options and the server-only
 * limits split apart, and `{ dialect, scene }` turned into one dialect factory.
 */
export function serverConfigOf(port: number, bindAddress = "*", tls?: TlsServerOptions, options: ServerOptions = {}): ServerConfig {
  const { log: _log, ...withoutLog } = options;
  const [rest, dialect, scene] = splitOptions(withoutLog);
  const peerOptions: Record<string, unknown> = { ...rest };
  const limits: Record<string, unknown> = {};
  for (const key of SERVER_LIMIT_KEYS) {
    if (key in peerOptions) limits[key] = peerOptions[key];
    delete peerOptions[key];
  }
  const factory = resolveServerDialect(dialect, scene);
  return { port, bindAddress, tls, options: peerOptions as Partial<PeerOptions>, limits: limits as Partial<ServerLimits>, dialect: factory };
}

/**
 * What every adapter's `createServer` does: build the server on the adapter's transport and
 * runtime and start listening at once, like Godot's `create_server`. `await server.listen()`
 * gives the bound address or the bind error; a failure is also emitted as `error`.
 */
export function startServer(
  transport: ServerTransport,
  runtime: Runtime,
  port: number,
  bindAddress = "*",
  tls?: TlsServerOptions,
  options: ServerOptions = {},
): MultiplayerServer {
  const server = new MultiplayerServer(transport, runtime, serverConfigOf(port, bindAddress, tls, options));
  const sink = logSink(options.log, runtime);
  if (sink) logServerEvents(server, sink, () => runtime.now());
  server.listen().catch((error: unknown) => server.events.emit("error", error));
  return server;
}

/**
 * What every adapter's `createClient` does: build the client and start connecting at once,
 * like Godot's `create_client`. `await client.connect()` gives the id or the failure.
 */
export function startClient(transport: ClientTransport, runtime: Runtime, url: string, tls?: TlsClientOptions, options: ClientOptions = {}): MultiplayerClient {
  const [peerOptions, dialect, scene] = splitOptions(options);
  const factory = resolveClientDialect(dialect, scene);
  const client = new MultiplayerClient(transport, runtime, { url, tls, options: peerOptions, dialect: factory });
  client.connect().catch(() => undefined);
  return client;
}
