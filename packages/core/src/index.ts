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
export { checkClose, checkCloseCode, isSendableCloseCode } from "./close-code.js";
export { registerDialect, resolveClientDialect, resolveServerDialect, type DialectChoice } from "./dialects/index.js";
export { startClient, startServer, type ClientOptions, type ServerOptions } from "./factories.js";
