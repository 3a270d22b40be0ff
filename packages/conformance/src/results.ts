import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ScenarioResult } from "./harness.js";

/** One run of the suite for one server runtime and one client runtime. */
export interface ResultFile {
  readonly server: string;
  readonly client: string;
  /** ISO time the run finished. */
  readonly finishedAt: string;
  readonly runtime: string;
  readonly results: readonly ScenarioResult[];
}

/** The directory result files go to: `$WSMP_CONFORMANCE_DIR`, else `.artifacts/conformance` at the workspace root. */
export function resultsDir(from = process.cwd()): string {
  const env = process.env.WSMP_CONFORMANCE_DIR;
  if (env) return resolve(env);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) break;
    const up = dirname(dir);
    if (up === dir) {
      dir = resolve(from);
      break;
    }
    dir = up;
  }
  return join(dir, ".artifacts", "conformance");
}

/**
 * Collects scenario outcomes (pass `report` to `runConformance`) and writes them to
 * `<resultsDir>/<server>__<client>.json` (call `write` in afterAll).
 */
export function createResultRecorder(server: string, client: string, dir = resultsDir()): { report(result: ScenarioResult): void; write(): string } {
  const results = new Map<string, ScenarioResult>();
  return {
    report(result) {
      results.set(result.scenario, result);
    },
    write() {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${server}__${client}.json`);
      const body: ResultFile = {
        server,
        client,
        finishedAt: new Date().toISOString(),
        runtime: typeof (globalThis as { Bun?: { version: string } }).Bun !== "undefined" ? `bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}` : `node ${process.version}`,
        results: [...results.values()],
      };
      writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
      return file;
    },
  };
}
