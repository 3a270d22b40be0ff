import { GodotError } from "./constants.js";

/**
 * Every error wsmp throws or reports carries a stable `code` from this table.
 * docs/errors.md lists them with their causes; the strings never change meaning.
 */
export const ErrorCode = {
  /** A method was called in a state that does not allow it (not connected, already listening, closed). */
  INVALID_STATE: "WSMP_ERR_INVALID_STATE",
  /** An argument is out of range or of the wrong type. */
  INVALID_ARGUMENT: "WSMP_ERR_INVALID_ARGUMENT",
  /** The target peer id is not a connected peer. */
  UNKNOWN_PEER: "WSMP_ERR_UNKNOWN_PEER",
  /** The peer's outbound buffer (bytes or queued messages) would overflow. Nothing was sent. */
  OUTBOUND_FULL: "WSMP_ERR_OUTBOUND_FULL",
  /** An incoming packet did not fit the inbound queue of its peer. */
  INBOUND_FULL: "WSMP_ERR_INBOUND_FULL",
  /** An incoming message is larger than `inboundBufferSize`. The peer was closed with 1009. */
  MESSAGE_TOO_BIG: "WSMP_ERR_MESSAGE_TOO_BIG",
  /** The remote side broke the wire protocol (bad id message, bad header, spoofed sender...). */
  PROTOCOL: "WSMP_ERR_PROTOCOL",
  /** The WebSocket handshake did not finish within `handshakeTimeout`. */
  HANDSHAKE_TIMEOUT: "WSMP_ERR_HANDSHAKE_TIMEOUT",
  /** The WebSocket handshake was refused (subprotocol mismatch, refusing new connections, HTTP error). */
  HANDSHAKE_REJECTED: "WSMP_ERR_HANDSHAKE_REJECTED",
  /** The transport could not connect or bind (address in use, DNS failure, TLS failure...). */
  TRANSPORT: "WSMP_ERR_TRANSPORT",
  /** The runtime cannot do this at all (a browser cannot listen or send custom headers). */
  UNSUPPORTED: "WSMP_ERR_UNSUPPORTED",
  /** The connection closed before the operation could complete. */
  CLOSED: "WSMP_ERR_CLOSED",
  /** The operation was aborted through an AbortSignal. */
  ABORTED: "WSMP_ERR_ABORTED",
  /** Variant bytes could not be decoded (truncated, malformed, too deep, objects not allowed), or an encoding exceeded its limits. */
  VARIANT: "WSMP_ERR_VARIANT",
  /** RPC layer: a call or set names a node this side did not declare (or a cache id it never learned). */
  RPC_UNKNOWN_NODE: "WSMP_ERR_RPC_UNKNOWN_NODE",
  /** RPC layer: a method or property the node does not declare (by id in Godot 4, by name in Godot 3). */
  RPC_UNKNOWN_METHOD: "WSMP_ERR_RPC_UNKNOWN_METHOD",
  /** RPC layer: the method's mode refuses this sender (authority, master, puppet rules). */
  RPC_NOT_ALLOWED: "WSMP_ERR_RPC_NOT_ALLOWED",
  /** RPC layer: the arguments do not decode, or do not match the declared count or types. */
  RPC_ARGUMENTS: "WSMP_ERR_RPC_ARGUMENTS",
  /** RPC layer: the two sides declare different RPC methods for one node (the path checksum differs). */
  RPC_CHECKSUM: "WSMP_ERR_RPC_CHECKSUM",
  /** RPC layer: a node-path cache message out of order (duplicate id, confirmation never asked for, table full). */
  RPC_CACHE: "WSMP_ERR_RPC_CACHE",
  /** RPC layer: an RPC, cache or replication packet too short or malformed. */
  RPC_MALFORMED: "WSMP_ERR_RPC_MALFORMED",
  /** An application event listener threw. wsmp caught it and carried on; reported through `error` (see docs/security.md). */
  LISTENER: "WSMP_ERR_LISTENER",
  /** A peer sent more messages or bytes per second than the inbound rate limit allows. */
  RATE_LIMITED: "WSMP_ERR_RATE_LIMITED",
  /** A peer did not answer a WebSocket ping within `heartbeatTimeout`. */
  HEARTBEAT_TIMEOUT: "WSMP_ERR_HEARTBEAT_TIMEOUT",
  /** SceneMultiplayer in-band authentication failed (rejected, timed out or the callback failed). */
  AUTH_FAILED: "WSMP_ERR_AUTH_FAILED",
  /** TLS key or certificate material that cannot be used (unparsable, or a key that does not match the certificate). */
  TLS: "WSMP_ERR_TLS",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const MARKER = Symbol.for("wsmp.error");

export interface WsmpErrorOptions {
  /** The Godot `Error` value the Godot-faithful API would have returned. */
  readonly godotError?: GodotError;
  readonly cause?: unknown;
}

/**
 * Base class of every error wsmp throws. `isWsmpError` works across duplicate installs
 * because it checks a registered symbol, not the class identity.
 */
export class WsmpError extends Error {
  readonly code: ErrorCode;
  readonly godotError: GodotError;

  constructor(code: ErrorCode, message: string, options: WsmpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WsmpError";
    this.code = code;
    this.godotError = options.godotError ?? GodotError.FAILED;
    Object.defineProperty(this, MARKER, { value: true });
  }

  static isInstance(value: unknown): value is WsmpError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

export function isWsmpError(value: unknown): value is WsmpError {
  return WsmpError.isInstance(value);
}

/** Thrown when the caller misuses the API. Never thrown because of what a remote peer did. */
export class InvalidStateError extends WsmpError {
  constructor(message: string, godotError: GodotError = GodotError.ERR_UNCONFIGURED) {
    super(ErrorCode.INVALID_STATE, message, { godotError });
    this.name = "InvalidStateError";
  }
}

export class InvalidArgumentError extends WsmpError {
  constructor(message: string, godotError: GodotError = GodotError.ERR_INVALID_PARAMETER) {
    super(ErrorCode.INVALID_ARGUMENT, message, { godotError });
    this.name = "InvalidArgumentError";
  }
}

export class UnsupportedError extends WsmpError {
  constructor(message: string) {
    super(ErrorCode.UNSUPPORTED, message, { godotError: GodotError.ERR_UNAVAILABLE });
    this.name = "UnsupportedError";
  }
}

/**
 * Thrown when an RPC call from this side cannot be made as asked: an undeclared node, method or
 * property, arguments that do not match the declaration, a target the mode does not allow.
 */
export class RpcError extends WsmpError {
  constructor(code: ErrorCode, message: string, godotError: GodotError = GodotError.ERR_INVALID_PARAMETER) {
    super(code, message, { godotError });
    this.name = "RpcError";
  }
}

/** Maps a Godot error returned by a packet call to the typed error the idiomatic API throws. */
export function errorFromGodot(err: GodotError, what: string): WsmpError {
  switch (err) {
    case GodotError.ERR_UNCONFIGURED:
      return new InvalidStateError(`${what}: the peer is not connected`);
    case GodotError.ERR_INVALID_PARAMETER:
      return new WsmpError(ErrorCode.UNKNOWN_PEER, `${what}: no connected peer has that id`, { godotError: err });
    case GodotError.ERR_OUT_OF_MEMORY:
      return new WsmpError(ErrorCode.OUTBOUND_FULL, `${what}: the outbound buffer is full`, { godotError: err });
    default:
      return new WsmpError(ErrorCode.CLOSED, `${what}: the connection is not open`, { godotError: err });
  }
}
