/**
 * @wsmp/adapter-node: Godot's WebSocket multiplayer peer on Node, over the `ws` library.
 * Everything from @wsmp/core is re-exported, so a program imports only this package.
 */
import { type ClientOptions, createGodot3WebSocketClient, createGodot3WebSocketServer, type MultiplayerClient, type MultiplayerServer, type ServerOptions, startClient, startServer, type TlsClientOptions, type TlsServerOptions, type WebSocketClient, type WebSocketServer } from "@wsmp/core";
import { createNodeClientTransport } from "./client-transport.js";
import { nodeRuntime } from "./runtime.js";
import { createNodeServerTransport } from "./server-transport.js";

export * from "@wsmp/core";
export { createNodeClientTransport } from "./client-transport.js";
export { createNodeServerTransport, type NodeServerTransportOptions } from "./server-transport.js";
export { nodeRuntime } from "./runtime.js";

/**
 * Godot's `create_server(port, bind_address = "*", tls_server_options = null)`: starts listening
 * at once. `await server.listen()` gives the bound address, or rejects with a `WsmpError`
 * (code WSMP_ERR_TRANSPORT, `godotError` 22 when the port is in use). Port 0 picks a free port.
 */
export function createServer(port: number, bindAddress = "*", tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer {
  return startServer(createNodeServerTransport(), nodeRuntime, port, bindAddress, tls, options);
}

/**
 * Godot's `create_client(url, tls_client_options = null)`: starts connecting at once.
 * `await client.connect()` gives the peer id the server assigned.
 */
export function createClient(url: string, tls?: TlsClientOptions, options?: ClientOptions): MultiplayerClient {
  return startClient(createNodeClientTransport(), nodeRuntime, url, tls, options);
}

/** Godot 3's `WebSocketServer.new()` and `WebSocketClient.new()` on Node (`listen(port, protocols, gdMpApi)`, `connectToUrl(...)`). */
export const createWebSocketServer = (): WebSocketServer => createGodot3WebSocketServer(() => createNodeServerTransport(), nodeRuntime);
export const createWebSocketClient = (): WebSocketClient => createGodot3WebSocketClient(createNodeClientTransport, nodeRuntime);
