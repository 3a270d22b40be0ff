/**
 * @wsmp/adapter-node: Godot's WebSocket multiplayer peer on Node, over the `ws` library. It
 * re-exports the application names of @wsmp/core (docs/api.md), so a program imports only this
 * package; `createServer` / `createClient` are Godot's two factories on Node.
 */
import { defineAdapter } from "@wsmp/core/adapter";
import { createNodeClientTransport } from "./client-transport.js";
import { nodeRuntime } from "./runtime.js";
import { createNodeServerTransport, type NodeServerTransportOptions } from "./server-transport.js";

export { AuthFailureReason, CloseCode, ConnectionStatus, DEFAULT_OPTIONS, DEFAULT_SERVER_LIMITS, DialectName, ErrorCode, formatLogRecord, GodotError, InvalidArgumentError, InvalidStateError, isSession, isSessionName, isWsmpError, logFormatFromEnv, logServerEvents, logSessionServerEvents, MultiplayerClient, MultiplayerServer, OverflowPolicy, PeerHandle, ReadyState, ReconnectingClient, RefusalReason, RelayMode, RpcError, RpcMode, RpcMode3, RpcNode, RpcTransferMode, SceneCommand, SERVER_PEER_ID, Session, SessionCreation, SessionRefusal, SessionServer, SlowPeerPolicy, TLSOptions, TransferMode, UnsupportedError, WebSocketClient, WebSocketServer, WriteMode, WsmpError } from "@wsmp/core";
export type { AbortSignalLike, AdmissionHook, AdmissionRequest, AdmissionResult, ArgType, ClientDialectFactory, ClientEvents, ClientOptions, CloseInfo, ConnectionFailure, DespawnEvent, DialectChoice, DropInfo, HandshakeFailure, JoinRefusal, ListenResult, LocateRequest, LogFormat, LogOption, LogRecord, NodeDeclaration, Packet, Payload, PeerOptions, Pem, Placement, ProtocolErrorInfo, ReconnectingClientEvents, ReconnectOptions, RelayFilter, RelayPolicy, RpcErrorEvent, RpcHandler, RpcMethodConfig, RsetPropertyConfig, SceneAuthCallback, SceneAuthResult, SceneClientOptions, SceneCommandName, ScenePacketEvent, SceneServerOptions, ServerDialectFactory, ServerEvents, ServerLimits, ServerOptions, SessionInfo, SessionLocator, SessionOptions, SessionOrigin, SessionServerEvents, SessionServerOptions, SpawnEvent, SyncEvent, TlsClientOptions, TlsOptions, TlsServerOptions, Traffic, WebSocketClientEvents, WebSocketServerEvents } from "@wsmp/core";
/** Godot's Variant values and codec (`@wsmp/core/variant`), for programs (and the browser bundle) that import only the adapter. */
export * as variant from "@wsmp/core/variant";
export { createNodeClientTransport, createNodeServerTransport, nodeRuntime, type NodeServerTransportOptions };
/** One port with the web application: wsmp on an existing `node:http` / `node:https` server (express, fastify, hono). */
export { attachServer, attachSessionServer, type AttachableServer, type AttachServerOptions, type AttachSessionServerOptions, createNodeAttachedTransport, type UpgradeRoute } from "./attach.js";

/** Godot's `create_server` / `create_client` and Godot 3's `WebSocketServer.new()` / `WebSocketClient.new()`, on Node. */
export const { createServer, createClient, createReconnectingClient, createSessionServer, createWebSocketServer, createWebSocketClient, capabilities } = defineAdapter({ runtime: nodeRuntime, server: () => createNodeServerTransport(), client: createNodeClientTransport });
