/**
 * @wsmp/adapter-bun: Godot's WebSocket multiplayer peer on Bun (server on `Bun.serve`, client on
 * Bun's `WebSocket`). Everything from @wsmp/core is re-exported, so a program imports only this
 * package, and switching from @wsmp/adapter-node is a change of one import.
 */
import {
  type ClientOptions,
  createGodot3WebSocketClient,
  createGodot3WebSocketServer,
  type MultiplayerClient,
  type MultiplayerServer,
  type ServerOptions,
  startClient,
  startServer,
  type TlsClientOptions,
  type TlsServerOptions,
  type WebSocketClient,
  type WebSocketServer,
} from "@wsmp/core";
import { createBunClientTransport } from "./client-transport.js";
import { bunRuntime } from "./runtime.js";
import { createBunServerTransport } from "./server-transport.js";

export * from "@wsmp/core";
export { createBunClientTransport } from "./client-transport.js";
export { type BunServerTransportOptions, createBunServerTransport } from "./server-transport.js";
export { bunRuntime } from "./runtime.js";

/**
 * Godot's `create_server(port, bind_address = "*", tls_server_options = null)`: starts listening
 * at once. `await server.listen()` gives the bound address, or rejects with a `WsmpError`
 * (code WSMP_ERR_TRANSPORT, `godotError` 22 when the port is in use). Port 0 picks a free port.
 */
export function createServer(port: number, bindAddress = "*", tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer {
  return startServer(createBunServerTransport(), bunRuntime, port, bindAddress, tls, options);
}

/**
 * Godot's `create_client(url, tls_client_options = null)`: starts connecting at once.
 * `await client.connect()` gives the peer id the server assigned.
 */
export function createClient(url: string, tls?: TlsClientOptions, options?: ClientOptions): MultiplayerClient {
  return startClient(createBunClientTransport(), bunRuntime, url, tls, options);
}

/** Godot 3's `WebSocketServer.new()` and `WebSocketClient.new()` on Bun (`listen(port, protocols, gdMpApi)`, `connectToUrl(...)`). */
export const createWebSocketServer = (): WebSocketServer => createGodot3WebSocketServer(() => createBunServerTransport(), bunRuntime);
export const createWebSocketClient = (): WebSocketClient => createGodot3WebSocketClient(createBunClientTransport, bunRuntime);
