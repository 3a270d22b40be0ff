/**
 * Godot 4 SceneMultiplayer's RPC and node-path cache packets (docs/godot-rpc-wire.md §1-5).
 *
 *   REMOTE_CALL   [meta][node field 1/2/4 B][method id 1/2 B][argc, absent when raw][args][path NUL, path form]
 *                 meta: bits 0-2 = 0, bit 3 ignored, bits 4-5 node field size (0: 1 B, 1: 2 B, 2: 4 B),
 *                 bit 6 two-byte method id, bit 7 raw: no argc, the rest is one PackedByteArray (or nothing)
 *   SIMPLIFY_PATH [01][md5, 32 ASCII hex][00][cache id LE32][path UTF-8][00]
 *   CONFIRM_PATH  [02][ok 0/1][cache id LE32]
 *
 * Decoders never throw: they return the value or a `WireFailure` naming the `rpc_error` code.
 */
import { writeI32 } from "../../shared/bytes.js";
import { ErrorCode } from "../../shared/errors.js";
import { decodeCompressedVariant, encodeCompressedVariant } from "../variant/compressed-variant.js";
import type { GodotValue } from "../variant/godot-value.js";
import { cString, failure, PATH_FLAG, readCString, readU32, type WireFailure } from "./rpc-wire.js";

export const G4Command = { REMOTE_CALL: 0, SIMPLIFY_PATH: 1, CONFIRM_PATH: 2 } as const;

const NODE_SIZE_SHIFT = 4;
const WIDE_METHOD = 0x40;
const RAW_ARGS = 0x80;
const CHECKSUM_LENGTH = 32;
/** Smallest SIMPLIFY_PATH Godot accepts: command, checksum, NUL, id. */
export const SIMPLIFY_MIN_LENGTH = 38;
export const CONFIRM_LENGTH = 6;

/** How a call names its node: a cache id of the sender, or the path itself. */
export type NodeRef = { readonly kind: "id"; readonly id: number } | { readonly kind: "path"; readonly path: string };

export interface RemoteCall4 {
  readonly ok: true;
  readonly node: NodeRef;
  readonly method: number;
  readonly args: GodotValue[];
}

/** How a call from here names its node: a compact cache id, the plain id in 4 bytes, or the path. */
export type NodeField = { readonly kind: "compact" | "id4"; readonly id: number } | { readonly kind: "path"; readonly path: string };

/** Encodes a REMOTE_CALL. `args` must already have passed the declaration's checks. */
export function encodeRemoteCall4(node: NodeField, method: number, args: readonly GodotValue[]): Uint8Array {
  const raw = args.length === 0 || (args.length === 1 && args[0] instanceof Uint8Array);
  const encoded = raw ? (args[0] as Uint8Array | undefined) : undefined;
  const parts = raw ? [] : args.map((arg) => encodeCompressedVariant(arg));
  let argBytes = raw ? (encoded?.length ?? 0) : 1;
  for (const part of parts) argBytes += part.length;
  const sizeCode = node.kind === "compact" ? (node.id <= 0xff ? 0 : node.id <= 0xffff ? 1 : 2) : 2;
  const nodeBytes = 1 << sizeCode;
  const methodBytes = method > 0xff ? 2 : 1;
  const head = 1 + nodeBytes + methodBytes;
  const path = node.kind === "path" ? cString(node.path) : undefined;
  const out = new Uint8Array(head + argBytes + (path?.length ?? 0));
  out[0] = (sizeCode << NODE_SIZE_SHIFT) | (methodBytes === 2 ? WIDE_METHOD : 0) | (raw ? RAW_ARGS : 0);
  const nodeValue = node.kind === "path" ? (PATH_FLAG | (head + argBytes)) >>> 0 : node.id;
  if (nodeBytes === 1) out[1] = nodeValue;
  else if (nodeBytes === 2) {
    out[1] = nodeValue & 0xff;
    out[2] = nodeValue >>> 8;
  } else writeI32(out, 1, nodeValue);
  out[1 + nodeBytes] = method & 0xff;
  if (methodBytes === 2) out[2 + nodeBytes] = method >>> 8;
  let at = head;
  if (encoded) {
    out.set(encoded, at);
    at += encoded.length;
  } else if (!raw) {
    out[at++] = parts.length;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
  }
  if (path) out.set(path, at);
  return out;
}

/** Decodes a REMOTE_CALL as Godot's receiver reads it (extra bytes after the arguments are ignored). */
export function decodeRemoteCall4(packet: Uint8Array, allowObjects = false): RemoteCall4 | WireFailure {
  if (packet.length < 2) return failure(ErrorCode.RPC_MALFORMED, `REMOTE_CALL of ${packet.length} byte(s) is too short`);
  const meta = packet[0]!;
  const sizeCode = (meta >> NODE_SIZE_SHIFT) & 3;
  if (sizeCode === 3) return failure(ErrorCode.RPC_MALFORMED, "REMOTE_CALL node field size code 3 does not exist");
  const nodeBytes = 1 << sizeCode;
  const methodBytes = meta & WIDE_METHOD ? 2 : 1;
  const head = 1 + nodeBytes + methodBytes;
  if (packet.length < head) return failure(ErrorCode.RPC_MALFORMED, `REMOTE_CALL of ${packet.length} bytes ends inside its ${head}-byte header`);
  const field = nodeBytes === 1 ? packet[1]! : nodeBytes === 2 ? packet[1]! | (packet[2]! << 8) : readU32(packet, 1);
  let end = packet.length;
  let node: NodeRef;
  if (nodeBytes === 4 && field >= PATH_FLAG) {
    const offset = field - PATH_FLAG;
    if (offset < head || offset >= packet.length) return failure(ErrorCode.RPC_MALFORMED, `REMOTE_CALL path offset ${offset} is outside the packet`);
    node = { kind: "path", path: readCString(packet, offset).text };
    end = offset;
  } else node = { kind: "id", id: field };
  const method = methodBytes === 1 ? packet[1 + nodeBytes]! : packet[1 + nodeBytes]! | (packet[2 + nodeBytes]! << 8);
  if (meta & RAW_ARGS) return { ok: true, node, method, args: end > head ? [packet.slice(head, end)] : [] };
  if (end <= head) return failure(ErrorCode.RPC_ARGUMENTS, "REMOTE_CALL without its argument count");
  const argc = packet[head]!;
  const args: GodotValue[] = [];
  let at = head + 1;
  const region = end === packet.length ? packet : packet.subarray(0, end);
  for (let i = 0; i < argc; i++) {
    if (at >= end) return failure(ErrorCode.RPC_ARGUMENTS, `REMOTE_CALL announces ${argc} arguments, the packet ends after ${i}`);
    try {
      const decoded = decodeCompressedVariant(region, { offset: at, allowObjects });
      args.push(decoded.value);
      at += decoded.length;
    } catch (error) {
      return failure(ErrorCode.RPC_ARGUMENTS, `argument ${i + 1} does not decode: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ok: true, node, method, args };
}

export interface SimplifyPath {
  readonly ok: true;
  readonly checksum: string;
  readonly id: number;
  readonly path: string;
}

export function encodeSimplifyPath(checksum: string, id: number, path: string): Uint8Array {
  const name = cString(path);
  const out = new Uint8Array(SIMPLIFY_MIN_LENGTH + name.length);
  out[0] = G4Command.SIMPLIFY_PATH;
  for (let i = 0; i < CHECKSUM_LENGTH; i++) out[1 + i] = checksum.charCodeAt(i) & 0x7f;
  writeI32(out, 34, id);
  out.set(name, SIMPLIFY_MIN_LENGTH);
  return out;
}

export function decodeSimplifyPath(packet: Uint8Array): SimplifyPath | WireFailure {
  if (packet.length < SIMPLIFY_MIN_LENGTH) return failure(ErrorCode.RPC_MALFORMED, `SIMPLIFY_PATH of ${packet.length} bytes is shorter than ${SIMPLIFY_MIN_LENGTH}`);
  const checksum = String.fromCharCode(...packet.subarray(1, 1 + CHECKSUM_LENGTH));
  return { ok: true, checksum, id: readU32(packet, 34), path: readCString(packet, SIMPLIFY_MIN_LENGTH).text };
}

export interface ConfirmPath {
  readonly ok: true;
  readonly valid: boolean;
  readonly id: number;
}

export function encodeConfirmPath(valid: boolean, id: number): Uint8Array {
  const out = new Uint8Array(CONFIRM_LENGTH);
  out[0] = G4Command.CONFIRM_PATH;
  out[1] = valid ? 1 : 0;
  writeI32(out, 2, id);
  return out;
}

export function decodeConfirmPath(packet: Uint8Array): ConfirmPath | WireFailure {
  if (packet.length !== CONFIRM_LENGTH) return failure(ErrorCode.RPC_MALFORMED, `CONFIRM_PATH of ${packet.length} bytes (it is ${CONFIRM_LENGTH})`);
  return { ok: true, valid: packet[1] !== 0, id: readU32(packet, 2) };
}
