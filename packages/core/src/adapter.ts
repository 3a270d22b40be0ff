/**
 * @wsmp/core/adapter: what a transport adapter (or a custom wire dialect) is written against.
 * Applications do not need it. docs/adapters/authoring.md walks through writing an adapter.
 */

// The contract an adapter implements.
export type { ClientLink, Connection, PendingSocket, ServerLink, UpgradeDecision, UpgradeRequest } from "./contract/connection.js";
export type {
  ClientCapabilities,
  ClientTransport,
  ConnectRequest,
  ListenRequest,
  ListenResult,
  RandomSource,
  Runtime,
  RuntimeLog,
  ServerCapabilities,
  ServerTransport,
} from "./contract/transport.js";
export type { FanOut, FanOutGroup } from "./contract/fan-out.js";
export { bindError, bindGodotError, checkServerPem, type HostTimers, logUnhandledError, mountedPath, packHeaders, processLog, type ProcessLike, tlsError, offeredProtocols, plainAddress, runtimeOf, unpackHeaders, urlEndpoint } from "./contract/adapter-kit.js";

export { tapConnection } from "./contract/connection-tap.js";

// Building the public objects on an adapter's transport and runtime.
export { defineAdapter, type AdapterDefinition, type AdapterFactories } from "./adapters/define-adapter.js";
export { startClient, startServer } from "./api/peer-factories.js";
export { startSessionServer } from "./sessions/session-server.js";

// The dialect contract, for a wire protocol of one's own (`{ dialect: factory }`).
export type { ClientDialect, ClientDialectContext, ServerDialect, ServerDialectContext } from "./engine/dialect-contract.js";

// Godot 4's SceneMultiplayer as a dialect factory, to wrap or compose (`{ dialect: createSceneServer(options) }`
// is what `{ scene: options }` does).
export { createSceneClient } from "./dialects/scene/scene-client-dialect.js";
export { createSceneServer } from "./dialects/scene/scene-server-dialect.js";
