/**
 * Godot 4 replication packets (MultiplayerSpawner / MultiplayerSynchronizer), docs/godot-rpc-wire.md §7:
 *
 *   SPAWN       [04][scene index u8, ff = custom][spawner cache id LE32][net id LE32][sync count LE32]
 *               [name length incl. NUL LE32][sync net ids LE32 ...][name][00]
 *               custom only: [argument size LE32][one compressed variant]; then the spawn state:
 *               compressed variants up to the end
 *   DESPAWN     [05][net id LE32]
 *   SYNC        [06][time u16] then records [net id LE32][size LE32][compressed variants]
 *   delta SYNC  [16] then records [net id LE32][changed mask u64][size LE32][compressed variants]
 *
 * Decoders never throw: a value, or a `WireFailure` (RPC_MALFORMED).
 */
import { ErrorCode } from "../../shared/errors.js";
import { decodeCompressedVariant } from "../variant/compressed-variant.js";
import type { GodotValue } from "../variant/godot-value.js";
import { failure, readCString, readU32, type WireFailure } from "./rpc-wire.js";

export const ReplicationCommand = { SPAWN: 4, DESPAWN: 5, SYNC: 6 } as const;
/** Bit 4 of a SYNC command byte: a delta (on-change properties). */
export const DELTA_FLAG = 0x10;
/** The scene index of a spawn made by the spawner's `spawn_function`. */
export const CUSTOM_SPAWN = 0xff;

export interface SpawnPacket {
  readonly ok: true;
  readonly sceneIndex: number;
  readonly spawnerId: number;
  readonly netId: number;
  readonly syncNetIds: number[];
  readonly name: string;
  /** The `spawn(data)` argument of a custom spawn. */
  readonly customData?: GodotValue | undefined;
  readonly state: GodotValue[];
}

export interface SyncRecord {
  readonly netId: number;
  /** Delta records: bit i = the i-th "on change" property follows. */
  readonly mask?: bigint | undefined;
  readonly values: GodotValue[];
}

export interface SyncPacket {
  readonly ok: true;
  readonly delta: boolean;
  /** The sender's frame counter (absent in deltas). */
  readonly time?: number | undefined;
  readonly records: SyncRecord[];
}

const malformed = (what: string): WireFailure => failure(ErrorCode.RPC_MALFORMED, what);

/** Compressed variants in `bytes[from, to)`, or the first error. */
function variants(bytes: Uint8Array, from: number, to: number): GodotValue[] | string {
  const region = to === bytes.length ? bytes : bytes.subarray(0, to);
  const out: GodotValue[] = [];
  let at = from;
  while (at < to) {
    try {
      const decoded = decodeCompressedVariant(region, { offset: at });
      out.push(decoded.value);
      at += decoded.length;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return out;
}

export function decodeSpawn(packet: Uint8Array): SpawnPacket | WireFailure {
  if (packet.length < 18) return malformed(`SPAWN of ${packet.length} bytes is shorter than its 18-byte header`);
  const sceneIndex = packet[1]!;
  const spawnerId = readU32(packet, 2);
  const netId = readU32(packet, 6);
  const syncCount = readU32(packet, 10);
  const nameLength = readU32(packet, 14);
  if (syncCount > (packet.length - 18) / 4) return malformed(`SPAWN announces ${syncCount} synchronizers, more than the packet holds`);
  let at = 18;
  const syncNetIds: number[] = [];
  for (let i = 0; i < syncCount; i++, at += 4) syncNetIds.push(readU32(packet, at));
  if (nameLength < 1 || nameLength > packet.length - at) return malformed(`SPAWN name of ${nameLength} bytes does not fit the packet`);
  const name = readCString(packet, at, at + nameLength).text;
  at += nameLength;
  let customData: GodotValue | undefined;
  if (sceneIndex === CUSTOM_SPAWN) {
    if (packet.length - at < 4) return malformed("custom SPAWN without its argument size");
    const size = readU32(packet, at);
    at += 4;
    if (size > packet.length - at) return malformed(`custom SPAWN argument of ${size} bytes does not fit the packet`);
    const data = variants(packet, at, at + size);
    if (typeof data === "string" || data.length !== 1) return malformed(`custom SPAWN argument: ${typeof data === "string" ? data : `${data.length} values`}`);
    customData = data[0];
    at += size;
  }
  const state = variants(packet, at, packet.length);
  if (typeof state === "string") return malformed(`SPAWN state: ${state}`);
  return { ok: true, sceneIndex, spawnerId, netId, syncNetIds, name, customData, state };
}

export function decodeDespawn(packet: Uint8Array): { ok: true; netId: number } | WireFailure {
  if (packet.length < 5) return malformed(`DESPAWN of ${packet.length} bytes is shorter than 5`);
  return { ok: true, netId: readU32(packet, 1) };
}

export function decodeSync(packet: Uint8Array): SyncPacket | WireFailure {
  const delta = (packet[0]! & DELTA_FLAG) !== 0;
  let at = delta ? 1 : 3;
  if (packet.length < at) return malformed(`SYNC of ${packet.length} bytes is shorter than its header`);
  const time = delta ? undefined : packet[1]! | (packet[2]! << 8);
  const records: SyncRecord[] = [];
  const head = delta ? 16 : 8;
  while (at < packet.length) {
    if (packet.length - at < head) return malformed(`SYNC record at ${at} is shorter than its ${head}-byte header`);
    const netId = readU32(packet, at);
    const mask = delta ? new DataView(packet.buffer, packet.byteOffset + at + 4, 8).getBigUint64(0, true) : undefined;
    const size = readU32(packet, at + head - 4);
    at += head;
    if (size > packet.length - at) return malformed(`SYNC record of ${size} bytes does not fit the packet`);
    const values = variants(packet, at, at + size);
    if (typeof values === "string") return malformed(`SYNC record for net id ${netId}: ${values}`);
    records.push({ netId, mask, values });
    at += size;
  }
  return { ok: true, delta, time, records };
}
