/**
 * Godot 3's MultiplayerAPI payloads (after the 9-byte header), docs/godot-rpc-wire.md §8:
 *
 *   REMOTE_CALL   [00][node LE32][method UTF-8][00][argc u8][full Variants x argc][path][00 if path form]
 *   REMOTE_SET    [01][node LE32][property UTF-8][00][one full Variant][path][00 if path form]
 *   SIMPLIFY_PATH [02][cache id LE32][path][00]
 *   CONFIRM_PATH  [03][path][00]
 *
 * The node field is a cache id, or `0x80000000 | offset` of the path within the payload.
 * Decoders never throw: they return the value or a `WireFailure`.
 */
import { writeI32 } from "../../shared/bytes.js";
import { ErrorCode } from "../../shared/errors.js";
import { decodeVariant } from "../variant/decode-variant.js";
import { encodeVariant } from "../variant/encode-variant.js";
import type { GodotValue } from "../variant/godot-value.js";
import type { NodeField, NodeRef } from "./g4-rpc-codec.js";
import { concat, cString, failure, PATH_FLAG, readCString, readU32, type WireFailure } from "./rpc-wire.js";

export const G3Command = { REMOTE_CALL: 0, REMOTE_SET: 1, SIMPLIFY_PATH: 2, CONFIRM_PATH: 3 } as const;

export interface RemoteCall3 {
  readonly ok: true;
  readonly set: boolean;
  readonly node: NodeRef;
  readonly name: string;
  readonly args: GodotValue[];
}

/** Encodes a REMOTE_CALL (or a REMOTE_SET when `set`, with one value in `args`). */
export function encodeRemoteCall3(node: NodeField, name: string, args: readonly GodotValue[], set = false): Uint8Array {
  const parts = [new Uint8Array(5), cString(name)];
  if (!set) parts.push(Uint8Array.of(args.length));
  for (const arg of args) parts.push(encodeVariant(arg, { version: 3 }));
  let size = 0;
  for (const part of parts) size += part.length;
  if (node.kind === "path") parts.push(cString(node.path));
  const out = concat(parts);
  out[0] = set ? G3Command.REMOTE_SET : G3Command.REMOTE_CALL;
  writeI32(out, 1, node.kind === "path" ? (PATH_FLAG | size) >>> 0 : node.id);
  return out;
}

export function decodeRemoteCall3(payload: Uint8Array): RemoteCall3 | WireFailure {
  const set = payload[0] === G3Command.REMOTE_SET;
  if (payload.length < 6) return failure(ErrorCode.RPC_MALFORMED, `${set ? "REMOTE_SET" : "REMOTE_CALL"} of ${payload.length} bytes is too short`);
  const field = readU32(payload, 1);
  let end = payload.length;
  let node: NodeRef;
  if (field >= PATH_FLAG) {
    const offset = field - PATH_FLAG;
    if (offset < 6 || offset >= payload.length) return failure(ErrorCode.RPC_MALFORMED, `path offset ${offset} is outside the payload`);
    node = { kind: "path", path: readCString(payload, offset).text };
    end = offset;
  } else node = { kind: "id", id: field };
  const { text: name, next } = readCString(payload, 5, end);
  const region = end === payload.length ? payload : payload.subarray(0, end);
  let at = next;
  let count = 1;
  if (!set) {
    if (at >= end) return failure(ErrorCode.RPC_ARGUMENTS, `call of "${name}" without its argument count`);
    count = payload[at++]!;
  }
  const args: GodotValue[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const decoded = decodeVariant(region, { version: 3, offset: at });
      args.push(decoded.value);
      at += decoded.length;
    } catch (error) {
      return failure(ErrorCode.RPC_ARGUMENTS, `"${name}": ${set ? "the value" : `argument ${i + 1}`} does not decode: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ok: true, set, node, name, args };
}

export function encodeSimplifyPath3(id: number, path: string): Uint8Array {
  const out = concat([new Uint8Array(5), cString(path)]);
  out[0] = G3Command.SIMPLIFY_PATH;
  writeI32(out, 1, id);
  return out;
}

export function decodeSimplifyPath3(payload: Uint8Array): { ok: true; id: number; path: string } | WireFailure {
  if (payload.length < 6) return failure(ErrorCode.RPC_MALFORMED, `SIMPLIFY_PATH of ${payload.length} bytes is too short`);
  return { ok: true, id: readU32(payload, 1), path: readCString(payload, 5).text };
}

export function encodeConfirmPath3(path: string): Uint8Array {
  const out = concat([new Uint8Array(1), cString(path)]);
  out[0] = G3Command.CONFIRM_PATH;
  return out;
}

export function decodeConfirmPath3(payload: Uint8Array): { ok: true; path: string } | WireFailure {
  if (payload.length < 2) return failure(ErrorCode.RPC_MALFORMED, "CONFIRM_PATH without a path");
  return { ok: true, path: readCString(payload, 1).text };
}
