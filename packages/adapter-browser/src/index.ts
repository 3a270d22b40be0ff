/**
 * @wsmp/adapter-browser: a Godot WebSocket multiplayer client on the browser's WebSocket.
 * Same client API as @wsmp/adapter-node and @wsmp/adapter-bun; switch by changing the import.
 */
import {
  type ClientOptions,
  createGodot3WebSocketClient,
  type MultiplayerClient,
  type MultiplayerServer,
  type ServerOptions,
  type TlsClientOptions,
  type TlsServerOptions,
  UnsupportedError,
  startClient,
  type WebSocketClient,
  type WebSocketServer,
} from "@wsmp/core";
import { createBrowserRuntime } from "./browser-runtime.js";
import { createBrowserTransport } from "./browser-transport.js";
import { checkBrowserHeaders, checkBrowserTls, unsupportedListen } from "./unsupported.js";

export * from "@wsmp/core";
export { createBrowserRuntime } from "./browser-runtime.js";
export { createBrowserTransport } from "./browser-transport.js";
export { BrowserCloseCode, DESTROYED_REASON, isBrowserSendableCloseCode, toBrowserCloseCode } from "./browser-close-code.js";

/**
 * Connects to `url` (ws:// or wss://) at once, like Godot's `create_client`; `await
 * client.connect()` gives the id. Throws `UnsupportedError` for what a browser cannot do:
 * `handshakeHeaders`, and TLS options other than the browser's own checks.
 */
export function createClient(url: string, tls?: TlsClientOptions, options: ClientOptions = {}): MultiplayerClient {
  checkBrowserTls(tls);
  checkBrowserHeaders(options.handshakeHeaders);
  const client = startClient(createBrowserTransport(), createBrowserRuntime(), url, tls, options);
  // The request is already on its way, and a browser could not send the headers anyway.
  Object.defineProperty(client, "handshakeHeaders", {
    configurable: true,
    enumerable: true,
    get: () => [],
    set: (value: readonly string[]) => {
      if (!Array.isArray(value)) throw new UnsupportedError("handshakeHeaders cannot be set in a browser");
      checkBrowserHeaders(value);
    },
  });
  return client;
}

/**
 * A browser cannot listen. Exported so that a program switching its import to this package
 * fails with a clear `UnsupportedError` instead of a missing export.
 */
export function createServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer;
export function createServer(): MultiplayerServer {
  throw unsupportedListen();
}

/** Godot 3's `WebSocketClient.new()` on the browser's WebSocket (`connectToUrl(url, protocols, gdMpApi)`). */
export const createWebSocketClient = (): WebSocketClient => createGodot3WebSocketClient(createBrowserTransport, createBrowserRuntime());

/** Godot 3's `WebSocketServer.new()`: a browser cannot listen, so this throws `UnsupportedError`. */
export function createWebSocketServer(): WebSocketServer {
  throw unsupportedListen();
}
