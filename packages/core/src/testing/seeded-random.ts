import type { RandomSource } from "../contract/transport.js";

/** A deterministic random source (mulberry32) for tests. Never use it for real ids. */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      target[i] = (t ^ (t >>> 14)) >>> 0;
    }
    return target;
  };
}

/** A random source that returns the given words in order, then repeats the last one. */
export function createScriptedRandom(words: readonly number[]): RandomSource {
  let i = 0;
  return (target) => {
    for (let j = 0; j < target.length; j++) target[j] = (words[Math.min(i++, words.length - 1)] ?? 0) >>> 0;
    return target;
  };
}
