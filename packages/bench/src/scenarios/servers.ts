import type { ServerMode } from "../servers/control.js";
import type { ScenarioName, ServerSpec } from "../servers/catalog.js";
import { launchServer, type RunningServer } from "../servers/launcher.js";
import type { SampleSink } from "../samples.js";

/** Starts every server of a scenario; a server that fails to start is skipped with its reason. */
export async function launchAll(specs: readonly ServerSpec[], scenario: ScenarioName, mode: ServerMode, sink: SampleSink): Promise<RunningServer[]> {
  const running: RunningServer[] = [];
  for (const spec of specs.filter((s) => s.scenarios.includes(scenario))) {
    try {
      running.push(await launchServer(spec, mode));
    } catch (error) {
      sink.skip({ scenario, server: spec.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return running;
}

export async function stopAll(servers: readonly RunningServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
}

/** The servers in a different order each repetition, so no server always runs first or last. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
