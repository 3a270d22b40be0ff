import { type ConformanceSetup, HARNESS_SPEC_VERSION, type Harness, type TestApi } from "./harness.js";
import { createContext, isApplicable, type Scenario } from "./context.js";
import { SCENARIOS } from "./scenarios/index.js";

/** Scenarios that would run for this pair of harnesses, and those their capabilities rule out. */
export function planConformance(server: Harness, client: Harness, only?: readonly string[]): { run: Scenario[]; notApplicable: Scenario[] } {
  return planScenarios(SCENARIOS, server, client, only);
}

/** `planConformance` over any list of scenarios (the hardening suite, a third party's own). */
export function planScenarios(scenarios: readonly Scenario[], server: Harness, client: Harness, only?: readonly string[]): { run: Scenario[]; notApplicable: Scenario[] } {
  const selected = scenarios.filter((s) => !only || only.some((prefix) => s.name.startsWith(prefix)));
  return {
    run: selected.filter((s) => isApplicable(s, server, client)),
    notApplicable: selected.filter((s) => !isApplicable(s, server, client)),
  };
}

/**
 * Registers the conformance scenarios with a test runner. Pass the runner's functions, so the
 * same suite runs under vitest, `bun test` or anything with describe/it/hooks:
 *
 *   import { describe, it, beforeAll, afterAll, afterEach } from "vitest";
 *   runConformance({ server: node, client: node }, { describe, it, beforeAll, afterAll, afterEach });
 *
 * Scenarios the harnesses' capabilities rule out are not registered (and are reported "n/a").
 */
export function runConformance(setup: ConformanceSetup, api: TestApi): void {
  const { server, client } = setup;
  for (const h of [server, client]) {
    if (h.specVersion !== HARNESS_SPEC_VERSION) throw new Error(`harness "${h.name}" implements spec ${String(h.specVersion)}, this suite needs ${HARNESS_SPEC_VERSION}`);
  }
  const harnesses = server === client ? [server] : [server, client];
  const timeoutMs = setup.timeoutMs ?? 20_000;
  const plan = planScenarios(setup.scenarios ?? SCENARIOS, server, client, setup.only);
  for (const s of plan.notApplicable) setup.report?.({ scenario: s.name, status: "n/a", durationMs: 0 });
  const ctx = createContext(server, client);

  api.describe(`wsmp conformance: ${server.name} server, ${client.name} client`, () => {
    api.beforeAll(async () => {
      for (const h of harnesses) await h.setup?.();
    }, 120_000);
    api.afterEach(async () => {
      ctx.cleanup();
      await Promise.all(harnesses.map((h) => h.teardown()));
    }, 30_000);
    api.afterAll(async () => {
      ctx.cleanup();
      for (const h of harnesses) {
        await h.teardown();
        await h.dispose?.();
      }
    }, 30_000);
    for (const scenario of plan.run) {
      api.it(
        scenario.name,
        async () => {
          const start = Date.now();
          try {
            await scenario.run(ctx);
            setup.report?.({ scenario: scenario.name, status: "pass", durationMs: Date.now() - start });
          } catch (error) {
            setup.report?.({ scenario: scenario.name, status: "fail", durationMs: Date.now() - start, error: error instanceof Error ? error.message : String(error) });
            throw error;
          }
        },
        timeoutMs,
      );
    }
  });
}
