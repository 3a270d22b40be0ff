// `pnpm mutation [--incremental] [target ...]`: Stryker over each target in turn (core,
// adapter-node, adapter-bun, adapter-browser; all by default), then each target's per-file table.
// Not part of `pnpm test`: a full run takes long (docs/testing.md). With --incremental, Stryker
// reuses the last run's results for mutants whose code and covering tests did not change.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const TARGETS = ["core", "adapter-node", "adapter-bun", "adapter-browser"];
const args = process.argv.slice(2);
const incremental = args.includes("--incremental");
const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--incremental");
const chosen = args.filter((arg) => !arg.startsWith("-"));
const bad = chosen.filter((name) => !TARGETS.includes(name));
if (unknown.length > 0 || bad.length > 0) {
  console.error(`usage: pnpm mutation [--incremental] [${TARGETS.join("|")} ...]`);
  process.exit(2);
}
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
const run = (command, commandArgs) => spawnSync(command, commandArgs, { cwd: root, stdio: "inherit" }).status ?? 1;

// The adapters' tests import @wsmp/core from its build.
if (run(bin("turbo"), ["run", "build", "--output-logs=errors-only"]) !== 0) process.exit(1);
let failed = 0;
for (const target of chosen.length > 0 ? chosen : TARGETS) {
  const status = run(bin("stryker"), ["run", `scripts/mutation/${target}.config.mjs`, ...(incremental ? ["--incremental"] : [])]);
  if (status !== 0) failed++;
  else run(process.execPath, ["scripts/mutation/report.mjs", target]);
}
process.exit(failed === 0 ? 0 : 1);
