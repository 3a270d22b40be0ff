import * as nodeAdapter from "@wsmp/adapter-node";
import { countNodeNetHandles, createInProcessHarness, createResultRecorder, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createChromiumHarness } from "./support/chromium-harness.js";

// The shared suite's client scenarios with the client in headless Chromium and the server on Node.
const server = createInProcessHarness({ name: "node", adapter: nodeAdapter, openHandles: countNodeNetHandles });
const client = createChromiumHarness();
const recorder = createResultRecorder("node", "chromium");

runConformance({ server, client, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });

afterAll(() => {
  recorder.write();
});
