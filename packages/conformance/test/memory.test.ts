import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createMemoryHarness } from "../src/memory-harness.js";
import { createResultRecorder } from "../src/results.js";
import { runConformance } from "../src/suite.js";

// The core on its in-memory network: every scenario that needs no real socket.
const memory = createMemoryHarness();
const recorder = createResultRecorder("memory", "memory");
runConformance({ server: memory, client: memory, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });
afterAll(() => {
  recorder.write();
});
