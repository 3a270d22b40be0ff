import * as nodeAdapter from "@wsmp/adapter-node";
import { countNodeNetHandles, createInProcessHarness, createResultRecorder, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

// Node server in this (vitest) process, Bun clients in a Bun child process.
const server = createInProcessHarness({ name: "node", adapter: nodeAdapter, openHandles: countNodeNetHandles, capabilities: { outboundMessageCount: true } });
const client = createBunHarness();
const recorder = createResultRecorder("node", "bun");
runConformance({ server, client, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });
afterAll(() => {
  recorder.write();
});
