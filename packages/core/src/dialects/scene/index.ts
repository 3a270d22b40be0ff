/** Godot 4 SceneMultiplayer on wsmp: the codec, the server and client dialects, their options and events. */
export {
  COMMAND_MASK,
  SCENE_COMMAND_NAMES,
  SYS_HEADER_SIZE,
  SceneCommand,
  SysCommand,
  commandName,
  commandOf,
  decodeScenePacket,
  encodeAddPeer,
  encodeAuth,
  encodeAuthComplete,
  encodeDelPeer,
  encodeRaw,
  encodeRelay,
  type SceneCommandName,
  type ScenePacket,
} from "./scene-codec.js";
export { SceneEventName, type SceneEvents, type ScenePacketEvent } from "./scene-events.js";
export {
  AuthFailureReason,
  DEFAULT_AUTH_TIMEOUT,
  RelayMode,
  type RelayFilter,
  type RelayPolicy,
  type SceneAuthCallback,
  type SceneAuthResult,
  type SceneClientOptions,
  type SceneServerOptions,
} from "./scene-options.js";
export { createSceneServer, isSceneServerDialect, type SceneServerControl, type SceneServerDialect } from "./scene-server-dialect.js";
export { createSceneClient, isSceneClientDialect, type SceneClientControl, type SceneClientDialect } from "./scene-client-dialect.js";
