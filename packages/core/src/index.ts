/**
 * @wsmp/core: Godot's WebSocket multiplayer peer without I/O. Adapters (@wsmp/adapter-node,
 * -bun, -browser) give it sockets, a clock and randomness.
 */
export * from "./shared/constants.js";
export * from "./shared/errors.js";
export * from "./shared/peer-options.js";
export * from "./shared/bytes.js";
export { allocatePeerId, isValidPeerId } from "./engine/peer-ids.js";
export type { Connection, PendingSocket, ServerLink, ClientLink, UpgradeDecision } from "./contract/connection.js";
export * from "./contract/transport.js";
export * from "./engine/dialect-contract.js";
export { selectTargets } from "./dialects/routing.js";
export { createGodot4Client, createGodot4Server, decodeIdMessage, encodeIdMessage } from "./dialects/godot4-dialect.js";
export { createGodot3Client, createGodot3Server, decodeGodot3Message, encodeGodot3Message, encodeGodot3Sys, GODOT3_HEADER_SIZE, Godot3Sys, type Godot3Message } from "./dialects/godot3-dialect.js";
export { createRawClient, createRawServer } from "./dialects/raw-dialect.js";
export { WriteMode, frameForWriteMode, isWriteMode } from "./api/write-mode.js";
export { ClientPeerHandle } from "./api/client-peer-handle.js";
export { GODOT3_DEFAULT_BUFFERS, godot3Buffers, type Godot3Buffers } from "./godot3/godot3-buffers.js";
export { WebSocketServer, createGodot3WebSocketServer, type WebSocketServerEvents } from "./godot3/websocket-server.js";
export { WebSocketClient, createGodot3WebSocketClient, type WebSocketClientEvents } from "./godot3/websocket-client.js";
export { Fifo } from "./shared/fifo.js";
export { Emitter, type EventMap } from "./shared/emitter.js";
export { InboundQueue, type Packet, type QueueAccount } from "./engine/inbound-queue.js";
export { ServerEngine, type CloseInfo, type HandshakeFailure, type ProtocolErrorInfo, type ServerEngineConfig, type ServerEvent, type ServerPeerRecord } from "./engine/server-engine.js";
export { ClientEngine, type ClientEngineConfig, type ClientEvent, type ConnectionFailure } from "./engine/client-engine.js";
export { SERVER_TABLE, CLIENT_TABLE, ServerPeerState, ClientState, step } from "./engine/transition-table.js";
export { MultiplayerServer, type ServerConfig, type ServerEvents } from "./api/multiplayer-server.js";
export { MultiplayerClient, type ClientConfig, type ClientEvents, type AbortSignalLike } from "./api/multiplayer-client.js";
export { PeerHandle, ReadyState } from "./api/peer-handle.js";
export { PeerSettings } from "./api/peer-settings.js";
export { PacketReader, checkPayload } from "./api/packet-reader.js";
export { DeadlineTimer } from "./api/deadline-timer.js";
export { checkClose, checkCloseCode, isSendableCloseCode, stripTrailingNul } from "./shared/close-codes.js";
export { registerDialect, resolveClientDialect, resolveServerDialect, type DialectChoice } from "./api/dialect-choice.js";
export { startClient, startServer, type ClientOptions, type ServerOptions } from "./api/peer-factories.js";
export * from "./dialects/scene/index.js";
