/**
 * @wsmp/adapter-bun: Godot's WebSocket multiplayer peer on Bun (server on `Bun.serve`, client on
 * Bun's `WebSocket`). It re-exports the application names of @wsmp/core (docs/api.md), so a
 * program imports only this package; switching from @wsmp/adapter-node is a change of one import.
 */
import { defineAdapter } from "@wsmp/core/adapter";
import { createBunClientTransport } from "./client-transport.js";
import { bunRuntime } from "./runtime.js";
import { type BunServerTransportOptions, createBunServerTransport } from "./server-transport.js";

export { AuthFailureReason, CloseCode, ConnectionStatus, DEFAULT_OPTIONS, DEFAULT_SERVER_LIMITS, DialectName, ErrorCode, formatLogRecord, GodotError, InvalidArgumentError, InvalidStateError, isSession, isSessionName, isWsmpError, logFormatFromEnv, logServerEvents, logSessionServerEvents, MultiplayerClient, MultiplayerServer, OverflowPolicy, PeerHandle, ReadyState, ReconnectingClient, RefusalReason, RelayMode, RpcError, RpcMode, RpcMode3, RpcNode, RpcTransferMode, SceneCommand, SERVER_PEER_ID, Session, SessionCreation, SessionRefusal, SessionServer, SlowPeerPolicy, TLSOptions, TransferMode, UnsupportedError, WebSocketClient, WebSocketServer, WriteMode, WsmpError } from "@wsmp/core";
export type { AbortSignalLike, AdmissionHook, AdmissionRequest, AdmissionResult, ArgType, ClientDialectFactory, ClientEvents, ClientOptions, CloseInfo, ConnectionFailure, DespawnEvent, DialectChoice, DropInfo, HandshakeFailure, JoinRefusal, ListenResult, LocateRequest, LogFormat, LogOption, LogRecord, NodeDeclaration, Packet, Payload, PeerOptions, Pem, Placement, ProtocolErrorInfo, ReconnectingClientEvents, ReconnectOptions, RelayFilter, RelayPolicy, RpcErrorEvent, RpcHandler, RpcMethodConfig, RsetPropertyConfig, SceneAuthCallback, SceneAuthResult, SceneClientOptions, SceneCommandName, ScenePacketEvent, SceneServerOptions, ServerDialectFactory, ServerEvents, ServerLimits, ServerOptions, SessionInfo, SessionLocator, SessionOptions, SessionOrigin, SessionServerEvents, SessionServerOptions, SpawnEvent, SyncEvent, TlsClientOptions, TlsOptions, TlsServerOptions, Traffic, WebSocketClientEvents, WebSocketServerEvents } from "@wsmp/core";
/** Godot's Variant values and codec (`@wsmp/core/variant`), for programs (and the browser bundle) that import only the adapter. */
export * as variant from "@wsmp/core/variant";
export { bunRuntime, type BunServerTransportOptions, createBunClientTransport, createBunServerTransport };
/** One port with the web application: wsmp as a `fetch` / `websocket` pair inside the application's own `Bun.serve`. */
export { type BunRoute, createBunRoute, createBunSessionRoute, isWsmpSocket, type WsmpSocketData } from "./attach.js";

/** Godot's `create_server` / `create_client` and Godot 3's `WebSocketServer.new()` / `WebSocketClient.new()`, on Bun. */
export const { createServer, createClient, createReconnectingClient, createSessionServer, createWebSocketServer, createWebSocketClient, capabilities } = defineAdapter({ runtime: bunRuntime, server: () => createBunServerTransport(), client: createBunClientTransport });
