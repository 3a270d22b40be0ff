import * as nodeAdapter from "@wsmp/adapter-node";
import { countNodeNetHandles, createInProcessHarness, createResultRecorder, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

// Bun server in a Bun child process, Node clients in this (vitest) process.
const server = createBunHarness();
const client = createInProcessHarness({ name: "node", adapter: nodeAdapter, openHandles: countNodeNetHandles, capabilities: { outboundMessageCount: true } });
const recorder = createResultRecorder("bun", "node");
runConformance({ server, client, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });
afterAll(() => {
  recorder.write();
});
