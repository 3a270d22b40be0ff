import { isEmptyPayload, type Payload, utf8DecodeStrict, utf8Encode } from "../shared/bytes.js";
import { GodotError } from "../shared/constants.js";

/** Godot 3 `WebSocketPeer.WriteMode`: how `putPacket` on a peer handle frames its bytes. */
export const WriteMode = {
  TEXT: 0,
  BINARY: 1,
} as const;
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

export function isWriteMode(value: unknown): value is WriteMode {
  return value === WriteMode.TEXT || value === WriteMode.BINARY;
}

/**
 * The message `putPacket` sends in `mode`: a text frame (string) or a binary frame (bytes).
 * Bytes sent as text must be valid UTF-8, since a receiving Godot peer would close with 1007;
 * for invalid bytes the result is `undefined` and nothing is sent.
 */
export function frameForWriteMode(data: Payload, mode: WriteMode): Payload | undefined {
  if (mode === WriteMode.BINARY) return typeof data === "string" ? utf8Encode(data) : data;
  if (typeof data === "string") return data;
  return utf8DecodeStrict(data);
}

/**
 * Godot 3 `WebSocketPeer.put_packet`: sends `data` framed by `mode`. Empty data sends nothing
 * (OK); bytes that are not UTF-8 in text mode give ERR_INVALID_DATA.
 */
export function putFramed(data: Payload, mode: WriteMode, send: (message: Payload) => GodotError): GodotError {
  if (isEmptyPayload(data)) return GodotError.OK;
  const framed = frameForWriteMode(data, mode);
  return framed === undefined ? GodotError.ERR_INVALID_DATA : send(framed);
}
