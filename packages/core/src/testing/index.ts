/** Test kit: virtual time, deterministic randomness and an in-memory network. */
export { ManualClock } from "./manual-clock.js";
export { createScriptedRandom, createSeededRandom } from "./seeded-random.js";
export { MemoryNetwork, type MemoryConnectOptions } from "./memory-network.js";
export { createMemoryPeers, type MemoryPeers } from "./memory-peers.js";
