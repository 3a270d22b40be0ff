import { HARDENING_SCENARIOS, runConformance, SCENARIOS } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

// Every conformance scenario and every attack against Bun servers behind the front (plain ws://
// too), Bun clients beside them: the handshake timeout now covers a client that never sends a
// request or never finishes it (acceptHook), which Bun.serve alone cannot.
const front = createBunHarness({ front: true });
runConformance({ server: front, client: front, scenarios: [...SCENARIOS, ...HARDENING_SCENARIOS] }, { describe, it, beforeAll, afterAll, afterEach });
