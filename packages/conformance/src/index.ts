/**
 * @wsmp/conformance: the scenarios every wsmp transport adapter must pass, and the harnesses
 * that run them against peers in this process or in child processes.
 */
export * from "./harness.js";
export { runConformance, planConformance, planScenarios } from "./suite.js";
export { HARDENING_SCENARIOS, SCENARIOS } from "./scenarios/index.js";
export { startHonestPeers, type HonestOptions, type HonestPeers } from "./honest-peers.js";
export type { Scenario, ScenarioContext, TestClient, TestServer, CapabilityName } from "./context.js";
export { adapterCapabilities, clientOptions, createInProcessHarness, countNodeNetHandles, type AdapterModule, type InProcessHarnessOptions } from "./in-process.js";
export { createClientHandle, createServerHandle } from "./handles.js";
export { createEventLog, type EventLog } from "./event-log.js";
export { createProcessHarness, type ProcessHarnessOptions } from "./process-harness.js";
export { createMemoryHarness } from "./memory-harness.js";
export { createResultRecorder, resultsDir, type ResultFile } from "./results.js";
export { makeTestCertificate, openRawSocket, type TestCertificate } from "./support.js";
export { type RawPeer, rawWebSocketPeer } from "./scenarios/attack-kit.js";
export { fromBase64, fromWire, patternBytes, toBase64, toWire, wireBytes } from "./wire.js";
