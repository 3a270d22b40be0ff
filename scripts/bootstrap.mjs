#!/usr/bin/env node
// Entry point of the two README commands (`npm start`, `npm test`) and of `npm run bench`.
// Works on a machine that has only Node 20 and npm: it brings pnpm (through npx), the
// workspace dependencies, and the system packages the tests drive (Chromium, Godot 3.2.3
// headless server, from Debian's packages), then builds and runs.
//
//   node scripts/bootstrap.mjs start [args...]   build, then run the playground
//   node scripts/bootstrap.mjs test              build, type-check, lint, run every suite
//   node scripts/bootstrap.mjs bench [args...]   build, then run the benchmarks
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const [task = "test", ...rest] = process.argv.slice(2);
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.DO_NOT_TRACK = "1";

function log(message) {
  process.stderr.write(`[wsmp] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    log(`${command} ${args.join(" ")} failed with exit code ${status}`);
    process.exit(status);
  }
}

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** pnpm itself: the global one if it is the pinned major, otherwise through npx. */
function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().split(".")[0] === PNPM_VERSION.split(".")[0]) return ["pnpm", []];
  log(`using pnpm ${PNPM_VERSION} through npx`);
  return ["npx", ["--yes", `pnpm@${PNPM_VERSION}`]];
}

const [pnpmBin, pnpmPrefix] = pnpmCommand();
const pnpm = (args, options) => must(pnpmBin, [...pnpmPrefix, ...args], options);

/** Debian packages the browser and Godot interop tests need. Installed only when missing. */
function ensureSystemPackages() {
  const wanted = [
    ["chromium", "chromium"],
    ["godot3-server", "godot3-server"],
  ].filter(([binary]) => !has(binary));
  if (wanted.length === 0) return;
  const names = wanted.map(([, pkg]) => pkg);
  if (!has("apt-get")) {
    log(`missing ${names.join(", ")} and no apt-get to install them: the browser and Godot tests will fail`);
    return;
  }
  const sudo = process.getuid?.() === 0 ? [] : has("sudo") ? ["sudo"] : null;
  if (sudo === null) {
    log(`missing ${names.join(", ")}: run as root or install them with apt-get`);
    return;
  }
  log(`installing ${names.join(", ")} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => must(sudo[0] ?? "apt-get", sudo.length ? ["apt-get", ...args] : args, { env, stdio: ["ignore", "ignore", "inherit"] });
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...names]);
}

function install() {
  pnpm(["install", "--frozen-lockfile", "--reporter=append-only"], { stdio: ["ignore", "ignore", "inherit"] });
}

function build() {
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
}

function test() {
  ensureSystemPackages();
  install();
  build();
  pnpm(["exec", "turbo", "run", "typecheck", "lint", "--output-logs=errors-only"]);
  const artifacts = join(root, ".artifacts");
  mkdirSync(artifacts, { recursive: true });
  const report = join(artifacts, "vitest.json");
  const status = run(pnpmBin, [...pnpmPrefix, "exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const totals = JSON.parse(readFileSync(report, "utf8"));
    passed = totals.numPassedTests ?? 0;
    failed = totals.numFailedTests ?? 0;
    // A file that fails to load has no tests to count: count it as one failure so it cannot hide.
    for (const file of totals.testResults ?? []) {
      if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed++;
    }
  } else failed = 1;
  if (status !== 0 && failed === 0) failed = 1;
  // The README's conformance matrix is written from this run's result files, never by hand.
  const matrix = join(root, "packages", "conformance", "scripts", "matrix.mjs");
  if (failed === 0 && existsSync(matrix)) run("node", [matrix], { stdio: ["ignore", "ignore", "inherit"] });
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && status === 0 ? 0 : 1);
}

switch (task) {
  case "test":
    test();
    break;
  case "start": {
    install();
    build();
    const playground = join(root, "apps", "playground", "package.json");
    if (existsSync(playground)) pnpm(["--filter", "@wsmp/playground", "start", "--", ...rest]);
    else must("node", [join(root, "packages", "adapter-node", "examples", "server.mjs"), ...rest]);
    break;
  }
  case "bench":
    ensureSystemPackages();
    install();
    build();
    pnpm(["--filter", "@wsmp/bench", "bench", "--", ...rest]);
    break;
  default:
    log(`unknown task "${task}": use start, test or bench`);
    process.exit(2);
}
