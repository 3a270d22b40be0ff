import { createResultRecorder, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
// The Bun server harness of @wsmp/adapter-bun: servers in a Bun child process over stdio.
import { createBunHarness } from "../../adapter-bun/test/support/bun-harness.js";
import { createChromiumHarness } from "./support/chromium-harness.js";

// The shared suite's client scenarios with the client in headless Chromium and the server on Bun.
const server = createBunHarness();
const client = createChromiumHarness();
const recorder = createResultRecorder("bun", "chromium");

runConformance({ server, client, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });

afterAll(() => {
  recorder.write();
});
