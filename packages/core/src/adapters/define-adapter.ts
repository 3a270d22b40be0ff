import type { ClientOptions, ServerOptions } from "../api/peer-factories.js";
import { startClient, startServer } from "../api/peer-factories.js";
import type { MultiplayerClient } from "../api/multiplayer-client.js";
import type { MultiplayerServer } from "../api/multiplayer-server.js";
import { type ReconnectOptions, ReconnectingClient } from "../api/reconnecting-client.js";
import type { TlsClientOptions, TlsServerOptions } from "../contract/tls-options.js";
import type { ClientCapabilities, ClientTransport, Runtime, ServerCapabilities, ServerTransport } from "../contract/transport.js";
import { UnsupportedError } from "../shared/errors.js";
import { WebSocketClient } from "../godot3/websocket-client.js";
import { WebSocketServer } from "../godot3/websocket-server.js";
import { type SessionServer, startSessionServer } from "../sessions/session-server.js";
import type { SessionServerOptions } from "../sessions/session-options.js";

/** What an adapter hands `defineAdapter`: its runtime and a factory of each transport (a new transport per server or client). */
export interface AdapterDefinition {
  readonly runtime: Runtime;
  /** Omitted when the runtime cannot listen (a browser): the server factories then throw `UnsupportedError` with `noServer`. */
  readonly server?: (() => ServerTransport) | undefined;
  readonly noServer?: string | undefined;
  readonly client: () => ClientTransport;
}

/** The four factories every adapter exports, with Godot's names, and what the adapter can do. */
export interface AdapterFactories {
  /**
   * Godot's `create_server(port, bind_address = "*", tls_server_options = null)`: starts listening
   * at once. `await server.listen()` gives the bound address, or rejects with a `WsmpError`
   * (code WSMP_ERR_TRANSPORT, `godotError` 22 when the port is in use). Port 0 picks a free port.
   */
  createServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer;
  /**
   * Godot's `create_client(url, tls_client_options = null)`: starts connecting at once.
   * `await client.connect()` gives the peer id the server assigned.
   */
  createClient(url: string, tls?: TlsClientOptions, options?: ClientOptions): MultiplayerClient;
  /**
   * A client that reconnects with backoff when its connection ends (opt-in). Each connection is
   * a new `createClient(url, tls, options)`, hence a new peer with a new id, as in Godot. Starts
   * at once; `await client.connect()` gives the first id. See docs/deploy.md#reconnecting-clients.
   */
  createReconnectingClient(url: string, tls?: TlsClientOptions, options?: ClientOptions, reconnect?: ReconnectOptions): ReconnectingClient;
  /**
   * Many sessions on one port, each chosen by the path a client connects to
   * (`ws://host:port/<name>`); every session is a whole `MultiplayerServer`. Starts listening at
   * once, like `createServer`. See docs/sessions.md.
   */
  createSessionServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: SessionServerOptions): SessionServer;
  /** Godot 3's `WebSocketServer.new()`: `listen(port, protocols, gdMpApi)`, signals by Godot's names. */
  createWebSocketServer(): WebSocketServer;
  /** Godot 3's `WebSocketClient.new()`: `connectToUrl(url, protocols, gdMpApi, headers)`. */
  createWebSocketClient(): WebSocketClient;
  /** What this adapter's server (undefined when it has none) and client can do. */
  readonly capabilities: { readonly server: ServerCapabilities | undefined; readonly client: ClientCapabilities };
}

/**
 * Builds an adapter's public factories from its transports and runtime, so that every adapter
 * exposes the same API and a program switches runtime by changing one import.
 */
export function defineAdapter(definition: AdapterDefinition): AdapterFactories {
  const { runtime, server, client } = definition;
  const noServer = (): UnsupportedError => new UnsupportedError(definition.noServer ?? "this runtime cannot listen for WebSocket connections");
  // A transport holds nothing until it listens or connects, so one made here only to read its
  // capabilities costs a few closures.
  const capabilities = Object.freeze({ server: server?.().capabilities, client: client().capabilities });
  return {
    createServer(port, bindAddress = "*", tls, options) {
      if (!server) throw noServer();
      return startServer(server(), runtime, port, bindAddress, tls, options);
    },
    createClient(url, tls, options) {
      return startClient(client(), runtime, url, tls, options);
    },
    createReconnectingClient(url, tls, options, reconnect) {
      const reconnecting = new ReconnectingClient(() => startClient(client(), runtime, url, tls, options), runtime, reconnect);
      reconnecting.connect().catch(() => undefined);
      return reconnecting;
    },
    createSessionServer(port, bindAddress = "*", tls, options) {
      if (!server) throw noServer();
      return startSessionServer(server(), runtime, port, bindAddress, tls, options);
    },
    createWebSocketServer() {
      if (!server) throw noServer();
      return new WebSocketServer(server, runtime);
    },
    createWebSocketClient() {
      return new WebSocketClient(client, runtime);
    },
    capabilities,
  };
}
