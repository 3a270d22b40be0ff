import type { Scenario } from "../context.js";
import { admissionScenarios } from "./admission.js";
import { closingScenarios } from "./closing.js";
import { handshakeScenarios } from "./handshake.js";
import { hardeningScenarios } from "./hardening.js";
import { relayFloodScenarios } from "./hardening-relay.js";
import { lifecycleScenarios } from "./lifecycle.js";
import { limitScenarios } from "./limits.js";
import { routingScenarios } from "./routing.js";
import { sizeScenarios } from "./sizes.js";

/** Every scenario, in the order they run. Names are stable: result files and the README matrix use them. */
export const SCENARIOS: readonly Scenario[] = [
  ...handshakeScenarios,
  ...routingScenarios,
  ...sizeScenarios,
  ...limitScenarios,
  ...admissionScenarios,
  ...closingScenarios,
  ...lifecycleScenarios,
];

/** The attack suite (docs/security.md): each attack runs while honest peers check they lose nothing. */
export const HARDENING_SCENARIOS: readonly Scenario[] = [...hardeningScenarios, ...relayFloodScenarios];
