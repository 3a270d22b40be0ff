import { createResultRecorder, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

// Bun server, Bun client: both in one Bun child process.
const bun = createBunHarness();
const recorder = createResultRecorder("bun", "bun");
runConformance({ server: bun, client: bun, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });
afterAll(() => {
  recorder.write();
});
