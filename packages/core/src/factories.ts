import { MultiplayerClient } from "./client.js";
import type { ClientDialectFactory, ServerDialectFactory } from "./dialect.js";
import { type DialectChoice, resolveClientDialect, resolveServerDialect } from "./dialects/index.js";
import type { PeerOptions } from "./options.js";
import { MultiplayerServer } from "./server.js";
import type { ClientTransport, Runtime, ServerTransport, TlsClientOptions, TlsServerOptions } from "./transport.js";

/** Options of `createServer` beyond port, bind address and TLS. */
export interface ServerOptions extends Partial<PeerOptions> {
  /** Wire protocol: "godot4" (default), "godot3", "raw", or a custom dialect factory. */
  readonly dialect?: DialectChoice<ServerDialectFactory>;
}

export interface ClientOptions extends Partial<PeerOptions> {
  readonly dialect?: DialectChoice<ClientDialectFactory>;
}

function splitOptions<O extends { dialect?: unknown }>(options: O): [Partial<PeerOptions>, O["dialect"]] {
  const { dialect, ...rest } = options;
  return [rest as Partial<PeerOptions>, dialect];
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
  const [peerOptions, dialect] = splitOptions(options);
  const server = new MultiplayerServer(transport, runtime, { port, bindAddress, tls, options: peerOptions, dialect: resolveServerDialect(dialect) });
  server.listen().catch((error: unknown) => server.events.emit("error", error));
  return server;
}

/**
 * What every adapter's `createClient` does: build the client and start connecting at once,
 * like Godot's `create_client`. `await client.connect()` gives the id or the failure.
 */
export function startClient(transport: ClientTransport, runtime: Runtime, url: string, tls?: TlsClientOptions, options: ClientOptions = {}): MultiplayerClient {
  const [peerOptions, dialect] = splitOptions(options);
  const client = new MultiplayerClient(transport, runtime, { url, tls, options: peerOptions, dialect: resolveClientDialect(dialect) });
  client.connect().catch(() => undefined);
  return client;
}
