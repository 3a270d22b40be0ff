import * as nodeAdapter from "@wsmp/adapter-node";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { countNodeNetHandles, createInProcessHarness } from "../src/in-process.js";
import { createResultRecorder } from "../src/results.js";
import { runConformance } from "../src/suite.js";

// Node server and Node client in this process, on the ws-based adapter.
const node = createInProcessHarness({ name: "node", adapter: nodeAdapter, openHandles: countNodeNetHandles, capabilities: { outboundMessageCount: true } });
const recorder = createResultRecorder("node", "node");
runConformance({ server: node, client: node, report: recorder.report }, { describe, it, beforeAll, afterAll, afterEach });
afterAll(() => {
  recorder.write();
});
