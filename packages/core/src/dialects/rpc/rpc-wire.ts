/** Byte helpers shared by the Godot 3 and Godot 4 RPC codecs. */
import { readI32, utf8Decode, utf8Encode } from "../../shared/bytes.js";
import type { ErrorCode } from "../../shared/errors.js";

/** Bit 31 of a node field: the rest is the offset of the node path inside the packet. */
export const PATH_FLAG = 0x80000000;

/** Why a packet could not be read: the `rpc_error` code and a sentence. */
export interface WireFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly reason: string;
}

export function failure(code: ErrorCode, reason: string): WireFailure {
  return { ok: false, code, reason };
}

/** A NUL-terminated UTF-8 string at `offset` (the end of the packet ends it too), and where it stops. */
export function readCString(bytes: Uint8Array, offset: number, end = bytes.length): { text: string; next: number } {
  let stop = offset;
  while (stop < end && bytes[stop] !== 0) stop++;
  return { text: utf8Decode(bytes.subarray(offset, stop)), next: Math.min(stop + 1, end) };
}

/** `text` as UTF-8 with a NUL after it. */
export function cString(text: string): Uint8Array {
  const body = utf8Encode(text);
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  return out;
}

/** An unsigned little-endian u32. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return readI32(bytes, offset) >>> 0;
}

/** Joins byte arrays into one. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
