import { GodotError } from "../shared/constants.js";
import type { PeerOptions } from "../shared/peer-options.js";

/** The limits Godot 3's `set_buffers` controls, in wsmp's option names. */
export type Godot3Buffers = Pick<PeerOptions, "inboundBufferSize" | "maxQueuedPackets" | "outboundBufferSize">;

/**
 * Godot 3's defaults (project settings 64 KiB / 1024 packets each way), as usable sizes: its ring
 * buffers hold one byte and one packet less than their power-of-two size.
 */
export const GODOT3_DEFAULT_BUFFERS: Readonly<Godot3Buffers> = Object.freeze({
  inboundBufferSize: 65535,
  maxQueuedPackets: 1023,
  outboundBufferSize: 65535,
});

/** Index of the highest set bit plus one (0 for 0), as Godot's `nearest_shift` (for n < 2^31). */
function nearestShift(n: number): number {
  let shift = 0;
  while (n >= 2 ** shift) shift++;
  return shift;
}

/**
 * Godot 3 `set_buffers(in_kb, in_packets, out_kb, out_packets)`: each size is rounded up to a
 * power of two (KiB -> bytes); the usable room is one less, which is what wsmp's limits count.
 * wsmp has one message-count limit for both directions, taken from `in_packets`.
 * Returns `undefined` for values that are not positive integers.
 */
export function godot3Buffers(inKb: number, inPackets: number, outKb: number, outPackets: number): Godot3Buffers | undefined {
  for (const value of [inKb, inPackets, outKb, outPackets]) {
    if (!Number.isInteger(value) || value < 1 || value > 2 ** 20) return undefined;
  }
  return {
    inboundBufferSize: 2 ** (nearestShift(inKb - 1) + 10) - 1,
    maxQueuedPackets: Math.max(1, 2 ** nearestShift(inPackets - 1) - 1),
    outboundBufferSize: 2 ** (nearestShift(outKb - 1) + 10) - 1,
  };
}

/** What `set_buffers` returns: FAILED once started (as Godot), ERR_INVALID_PARAMETER for bad values. */
export function applyGodot3Buffers(target: Godot3Buffers, started: boolean, args: [number, number, number, number]): GodotError {
  if (started) return GodotError.FAILED;
  const next = godot3Buffers(...args);
  if (!next) return GodotError.ERR_INVALID_PARAMETER;
  Object.assign(target, next);
  return GodotError.OK;
}
