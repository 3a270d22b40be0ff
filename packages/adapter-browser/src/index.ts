/**
 * @wsmp/adapter-browser: a Godot WebSocket multiplayer client on the browser's WebSocket. Same
 * client API as @wsmp/adapter-node and @wsmp/adapter-bun (switch by changing the import); the
 * server factories exist so such a program fails with a clear `UnsupportedError`.
 */
import { defineAdapter } from "@wsmp/core/adapter";
import { createBrowserRuntime } from "./browser-runtime.js";
import { createBrowserTransport } from "./browser-transport.js";

export { AuthFailureReason, CloseCode, ConnectionStatus, DEFAULT_OPTIONS, DEFAULT_SERVER_LIMITS, DialectName, ErrorCode, formatLogRecord, GodotError, InvalidArgumentError, InvalidStateError, isSession, isSessionName, isWsmpError, logFormatFromEnv, logServerEvents, logSessionServerEvents, MultiplayerClient, MultiplayerServer, OverflowPolicy, PeerHandle, ReadyState, ReconnectingClient, RefusalReason, RelayMode, RpcError, RpcMode, RpcMode3, RpcNode, RpcTransferMode, SceneCommand, SERVER_PEER_ID, Session, SessionCreation, SessionRefusal, SessionServer, SlowPeerPolicy, TLSOptions, TransferMode, UnsupportedError, WebSocketClient, WebSocketServer, WriteMode, WsmpError } from "@wsmp/core";
export type { AbortSignalLike, AdmissionHook, AdmissionRequest, AdmissionResult, ArgType, ClientDialectFactory, ClientEvents, ClientOptions, CloseInfo, ConnectionFailure, DespawnEvent, DialectChoice, DropInfo, HandshakeFailure, JoinRefusal, ListenResult, LocateRequest, LogFormat, LogOption, LogRecord, NodeDeclaration, Packet, Payload, PeerOptions, Pem, Placement, ProtocolErrorInfo, ReconnectingClientEvents, ReconnectOptions, RelayFilter, RelayPolicy, RpcErrorEvent, RpcHandler, RpcMethodConfig, RsetPropertyConfig, SceneAuthCallback, SceneAuthResult, SceneClientOptions, SceneCommandName, ScenePacketEvent, SceneServerOptions, ServerDialectFactory, ServerEvents, ServerLimits, ServerOptions, SessionInfo, SessionLocator, SessionOptions, SessionOrigin, SessionServerEvents, SessionServerOptions, SpawnEvent, SyncEvent, TlsClientOptions, TlsOptions, TlsServerOptions, Traffic, WebSocketClientEvents, WebSocketServerEvents } from "@wsmp/core";
/** Godot's Variant values and codec (`@wsmp/core/variant`), for programs (and the browser bundle) that import only the adapter. */
export * as variant from "@wsmp/core/variant";
export { createBrowserRuntime } from "./browser-runtime.js";
export { createBrowserTransport } from "./browser-transport.js";
export { BrowserCloseCode, DESTROYED_REASON, isBrowserSendableCloseCode, toBrowserCloseCode } from "./browser-close-code.js";

/**
 * `createClient` connects at once, like Godot's `create_client`. What a browser cannot do
 * (`handshakeHeaders`, TLS options beyond its own checks) throws `UnsupportedError` before any
 * socket exists; `createServer` and `createWebSocketServer` always throw it.
 */
export const { createServer, createClient, createReconnectingClient, createSessionServer, createWebSocketServer, createWebSocketClient, capabilities } = defineAdapter({
  runtime: createBrowserRuntime(),
  noServer: "a browser cannot listen for WebSocket connections: run the server with @wsmp/adapter-node or @wsmp/adapter-bun and connect to it with createClient",
  client: createBrowserTransport,
});
