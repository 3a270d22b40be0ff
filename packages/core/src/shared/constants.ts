/**
 * Numbers shared with Godot. Values are identical in Godot 3 and Godot 4.
 */

/** Godot's `Error` enum, the values the Godot-faithful API returns. */
export const GodotError = {
  OK: 0,
  FAILED: 1,
  ERR_UNAVAILABLE: 2,
  ERR_UNCONFIGURED: 3,
  ERR_UNAUTHORIZED: 4,
  ERR_PARAMETER_RANGE_ERROR: 5,
  ERR_OUT_OF_MEMORY: 6,
  ERR_FILE_CANT_WRITE: 13,
  ERR_FILE_EOF: 18,
  ERR_CANT_CREATE: 20,
  ERR_ALREADY_IN_USE: 22,
  ERR_TIMEOUT: 24,
  ERR_CANT_CONNECT: 25,
  ERR_CANT_RESOLVE: 26,
  ERR_CONNECTION_ERROR: 27,
  ERR_INVALID_DATA: 30,
  ERR_INVALID_PARAMETER: 31,
  ERR_ALREADY_EXISTS: 32,
  ERR_DOES_NOT_EXIST: 33,
  ERR_BUSY: 44,
  ERR_BUG: 47,
} as const;
export type GodotError = (typeof GodotError)[keyof typeof GodotError];

/** `MultiplayerPeer.ConnectionStatus`. */
export const ConnectionStatus = {
  DISCONNECTED: 0,
  CONNECTING: 1,
  CONNECTED: 2,
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** `MultiplayerPeer.TransferMode`. The WebSocket peer is always reliable and ordered. */
export const TransferMode = {
  UNRELIABLE: 0,
  UNRELIABLE_ORDERED: 1,
  RELIABLE: 2,
} as const;
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];

/** WebSocket close codes wsmp sends, each with the reason text it uses. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  /** Received by the API when the remote sent no status code. Never sent. */
  NO_STATUS: 1005,
  /** Reported locally when the connection ended without a close frame. Never sent. */
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  /** wsmp: SceneMultiplayer in-band authentication was rejected (the callback said no or failed). */
  AUTH_FAILED: 4001,
  /** wsmp: SceneMultiplayer in-band authentication did not finish within `authTimeout`. */
  AUTH_TIMEOUT: 4002,
  /** wsmp: the peer did not answer a ping within `heartbeatTimeout` (heartbeat on). */
  HEARTBEAT_TIMEOUT: 4003,
  /** wsmp: the peer's outbound buffer was full and `slowPeer` is "close" (it reads too slowly). */
  SLOW_CONSUMER: 4004,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The lowest and highest id a client can be given. The server is always 1. */
export const MIN_PEER_ID = 2;
export const MAX_PEER_ID = 0x7fffffff;
export const SERVER_PEER_ID = 1;
