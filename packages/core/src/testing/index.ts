/** Test kit: virtual time, deterministic randomness and an in-memory network. */
export { ManualClock } from "./manual-clock.js";
export { createScriptedRandom, createSeededRandom } from "./seeded-random.js";
export { MEMORY_CLIENT_CAPABILITIES, MEMORY_SERVER_CAPABILITIES, MemoryNetwork, type MemoryConnectOptions, type MemoryNetworkOptions } from "./memory-network.js";
export { createMemoryPeers, type MemoryPeers } from "./memory-peers.js";
/** Godot 4 SceneMultiplayer packets, for tests that write wire bytes by hand. */
export { encodeAddPeer, encodeDelPeer, encodeRaw, encodeRelay } from "../dialects/scene/scene-codec.js";
