import { HARDENING_SCENARIOS, runConformance } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

// The attack suite (docs/security.md) against a Bun server, honest Bun clients beside the attacker.
const bun = createBunHarness();
runConformance({ server: bun, client: bun, scenarios: HARDENING_SCENARIOS }, { describe, it, beforeAll, afterAll, afterEach });
