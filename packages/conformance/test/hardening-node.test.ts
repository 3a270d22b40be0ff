import * as nodeAdapter from "@wsmp/adapter-node";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { countNodeNetHandles, createInProcessHarness } from "../src/in-process.js";
import { HARDENING_SCENARIOS } from "../src/scenarios/index.js";
import { runConformance } from "../src/suite.js";

// The attack suite (docs/security.md) against a Node server, honest Node clients beside the attacker.
const node = createInProcessHarness({ name: "node", adapter: nodeAdapter, openHandles: countNodeNetHandles, capabilities: { outboundMessageCount: true } });
runConformance({ server: node, client: node, scenarios: HARDENING_SCENARIOS }, { describe, it, beforeAll, afterAll, afterEach });
