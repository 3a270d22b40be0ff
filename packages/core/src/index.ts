/**
 * @wsmp/core: Godot's WebSocket multiplayer peer without I/O. Adapters (@wsmp/adapter-node,
 * -bun, -browser) give it sockets, a clock and randomness.
 */
export * from "./constants.js";
export * from "./errors.js";
export * from "./options.js";
export * from "./bytes.js";
export { allocatePeerId, isValidPeerId, type RandomSource } from "./peer-ids.js";
export type { Connection, PendingSocket, ServerLink, ClientLink, UpgradeDecision } from "./connection.js";
export * from "./transport.js";
export * from "./dialect.js";
export { selectTargets } from "./dialects/routing.js";
export { createGodot4Client, createGodot4Server, decodeIdMessage, encodeIdMessage } from "./dialects/godot4.js";
export { createGodot3Client, createGodot3Server, decodeGodot3Message, encodeGodot3Message, encodeGodot3Sys, GODOT3_HEADER_SIZE, Godot3Sys, type Godot3Message } from "./dialects/godot3.js";
export { createRawClient, createRawServer } from "./dialects/raw.js";
export { WriteMode, frameForWriteMode, isWriteMode } from "./write-mode.js";
export { ClientPeerHandle } from "./client-peer-handle.js";
export { GODOT3_DEFAULT_BUFFERS, godot3Buffers, type Godot3Buffers } from "./godot3-buffers.js";
export { WebSocketServer, createGodot3WebSocketServer, type WebSocketServerEvents } from "./godot3-server.js";
export { WebSocketClient, createGodot3WebSocketClient, type WebSocketClientEvents } from "./godot3-client.js";
export { Fifo } from "./fifo.js";
export { Emitter, type EventMap } from "./emitter.js";
export { InboundQueue, type Packet, type QueueAccount } from "./inbound-queue.js";
export { ServerEngine, type CloseInfo, type HandshakeFailure, type ProtocolErrorInfo, type ServerEngineConfig, type ServerEvent, type ServerPeerRecord } from "./server-engine.js";
export { ClientEngine, type ClientEngineConfig, type ClientEvent, type ConnectionFailure } from "./client-engine.js";
export { SERVER_TABLE, CLIENT_TABLE, ServerPeerState, ClientState, step } from "./transitions.js";
export { MultiplayerServer, type ServerConfig, type ServerEvents } from "./server.js";
export { MultiplayerClient, type ClientConfig, type ClientEvents, type AbortSignalLike } from "./client.js";
export { PeerHandle, ReadyState } from "./peer-handle.js";
export { PeerSettings } from "./peer-settings.js";
export { PacketReader, checkPayload } from "./packet-reader.js";
export { DeadlineTimer } from "./deadline-timer.js";
export { checkClose, checkCloseCode, isSendableCloseCode, stripTrailingNul } from "./close-code.js";
export { registerDialect, resolveClientDialect, resolveServerDialect, type DialectChoice } from "./dialects/index.js";
export { startClient, startServer, type ClientOptions, type ServerOptions } from "./factories.js";
export * from "./scene/index.js";
