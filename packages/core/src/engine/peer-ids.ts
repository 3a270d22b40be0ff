import type { RandomSource } from "../contract/transport.js";
import { MAX_PEER_ID, MIN_PEER_ID } from "../shared/constants.js";

/**
 * Draws a peer id uniformly from [2, 2^31-1] that `inUse` does not hold. Godot derives ids from
 * the clock and never checks for collisions; wsmp uses an injected random source so ids cannot
 * be guessed, and rejects collisions so two live or pending peers never share an id.
 */
export function allocatePeerId(random: RandomSource, inUse: (id: number) => boolean): number {
  const word = new Uint32Array(1);
  // Each draw succeeds with probability close to 1 unless nearly 2^31 ids are live, so this ends.
  for (;;) {
    random(word);
    const id = word[0]! & MAX_PEER_ID; // 31 uniform bits
    if (id >= MIN_PEER_ID && !inUse(id)) return id;
  }
}

export function isValidPeerId(id: unknown): id is number {
  return typeof id === "number" && Number.isInteger(id) && id >= MIN_PEER_ID && id <= MAX_PEER_ID;
}
