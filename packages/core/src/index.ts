/**
 * @wsmp/core: Godot's WebSocket multiplayer peer without I/O. Applications import these names
 * through an adapter (@wsmp/adapter-node, -bun, -browser), which re-exports them beside its
 * `createServer` / `createClient`. What an adapter author needs is in `@wsmp/core/adapter`, the
 * in-memory test kit in `@wsmp/core/testing`. docs/api.md lists every name and its stability.
 */

// The peers: Godot 4's WebSocketMultiplayerPeer (both faces) and Godot 3's classes.
export { MultiplayerServer, type ServerEvents } from "./api/multiplayer-server.js";
export { MultiplayerClient, type ClientEvents, type AbortSignalLike } from "./api/multiplayer-client.js";
export { PeerHandle, ReadyState } from "./api/peer-handle.js";
export type { ServerOptions, ClientOptions } from "./api/peer-factories.js";
export type { DialectChoice } from "./api/dialect-choice.js";
export { WriteMode } from "./api/write-mode.js";
export { ReconnectingClient, type ReconnectingClientEvents, type ReconnectOptions } from "./api/reconnecting-client.js";
export type { Traffic } from "./engine/traffic.js";
export { Session, isSession, type SessionOrigin } from "./sessions/session.js";
export { SessionServer, type JoinRefusal, type SessionInfo, type SessionServerEvents } from "./sessions/session-server.js";
export type { LocateRequest, Placement, SessionLocator, SessionOptions, SessionServerOptions } from "./sessions/session-options.js";
export { isSessionName, SessionCreation, SessionRefusal } from "./sessions/session-rules.js";
export { WebSocketServer, type WebSocketServerEvents } from "./godot3/websocket-server.js";
export { WebSocketClient, type WebSocketClientEvents } from "./godot3/websocket-client.js";

// What the events and methods carry.
export type { Packet } from "./engine/inbound-queue.js";
export type { CloseInfo, HandshakeFailure, ProtocolErrorInfo } from "./engine/server-engine-events.js";
export type { ConnectionFailure } from "./engine/client-engine.js";
export { DialectName, type DropInfo, type ClientDialectFactory, type ServerDialectFactory } from "./engine/dialect-contract.js";
export type { ListenResult } from "./contract/transport.js";
export type { Payload } from "./shared/bytes.js";

// Options, limits and TLS.
export { DEFAULT_OPTIONS, OverflowPolicy, type PeerOptions } from "./shared/peer-options.js";
export {
  DEFAULT_SERVER_LIMITS,
  RefusalReason,
  SlowPeerPolicy,
  type AdmissionHook,
  type AdmissionRequest,
  type AdmissionResult,
  type ServerLimits,
} from "./shared/server-limits.js";
export { TLSOptions, type Pem, type TlsClientOptions, type TlsOptions, type TlsServerOptions } from "./contract/tls-options.js";

// Observability: the event log (the `log` option, WSMP_LOG / DEBUG=wsmp).
export { formatLogRecord, logFormatFromEnv, logServerEvents, type LogFormat, type LogOption, type LogRecord } from "./api/event-log.js";
export { logSessionServerEvents } from "./sessions/session-log.js";

// Godot's numbers and wsmp's errors.
export { CloseCode, ConnectionStatus, GodotError, SERVER_PEER_ID, TransferMode } from "./shared/constants.js";
export { ErrorCode, InvalidArgumentError, InvalidStateError, isWsmpError, RpcError, UnsupportedError, WsmpError } from "./shared/errors.js";

// Godot 4 SceneMultiplayer (the `scene` option).
export {
  AuthFailureReason,
  RelayMode,
  type RelayFilter,
  type RelayPolicy,
  type SceneAuthCallback,
  type SceneAuthResult,
  type SceneClientOptions,
  type SceneServerOptions,
} from "./dialects/scene/scene-options.js";
export { SceneCommand, type SceneCommandName } from "./dialects/scene/scene-codec.js";
export type { ScenePacketEvent } from "./dialects/scene/scene-events.js";

// Godot's high-level multiplayer: RPCs on declared nodes (`node()`), replication events (docs/godot-rpc.md).
export { RpcNode, type RpcHandler } from "./api/rpc-node.js";
export { RpcMode, RpcMode3, RpcTransferMode, type ArgType, type NodeDeclaration, type RpcMethodConfig, type RsetPropertyConfig } from "./dialects/rpc/rpc-types.js";
export type { RpcErrorEvent } from "./dialects/rpc/rpc-registry.js";
export type { DespawnEvent, SpawnEvent, SyncEvent } from "./dialects/rpc/replication-watch.js";
