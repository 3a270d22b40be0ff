#!/usr/bin/env node
// Entry point of the two README commands (`npm start`, `npm test`) and of `npm run bench`.
// Works on a machine that has only Node 20 and npm: it brings pnpm (through npx) and the
// workspace dependencies, then builds and runs.
//
//   node scripts/bootstrap.mjs start [args...]   install and build what the playground needs, run it on Node
//   node scripts/bootstrap.mjs test              install everything, the system tools the tests drive
//                                                (Chromium, Godot 3.2.3's headless server, Redis) when it can,
//                                                build, type-check, lint, run every suite
//   node scripts/bootstrap.mjs bench [args...]   install everything, build, run the benchmarks
//   node scripts/bootstrap.mjs tools             only find or install the system tools of `test`
//
// `start` installs no system package and no test tool: no apt-get, no Chromium, no Bun. `test`
// installs the system tools with apt-get as root or through `sudo -n` (never a password prompt);
// when it cannot, it says in one line what to install and goes on, so the suites that do not
// need them still run.
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

const WINDOWS = process.platform === "win32";

function run(command, args, options = {}) {
  // npm's and pnpm's launchers are .cmd files on Windows, which only a shell starts.
  const shell = WINDOWS && (command === "npx" || command === "pnpm");
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env, shell, ...options });
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

/** The path of `command` on PATH, or "". */
function which(command) {
  const probe = WINDOWS ? spawnSync("where", [command], { encoding: "utf8" }) : spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return probe.status === 0 ? (probe.stdout ?? "").split(/\r?\n/)[0].trim() : "";
}

const has = (command) => which(command) !== "";

/** pnpm itself: the global one if it is the pinned major, otherwise through npx. */
function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().split(".")[0] === PNPM_VERSION.split(".")[0]) return ["pnpm", []];
  log(`using pnpm ${PNPM_VERSION} through npx`);
  return ["npx", ["--yes", `pnpm@${PNPM_VERSION}`]];
}

const [pnpmBin, pnpmPrefix] = pnpmCommand();
const pnpm = (args, options) => must(pnpmBin, [...pnpmPrefix, ...args], options);

/**
 * The programs the browser, Godot 3 and cluster suites drive (each cluster test starts its own
 * redis-server on a free loopback port; none is left running as a service). Each is found on PATH under its Debian name,
 * through its environment variable, or (Chromium) under another name, which is then passed to the
 * tests in that variable. `debian` / `ubuntu`: the apt package that provides it there (Ubuntu's
 * Chromium package only installs a snap, which does not run inside containers or as a test
 * browser reliably, so it is never installed on Ubuntu).
 */
const SYSTEM_TOOLS = [
  {
    name: "Chromium",
    binary: "chromium",
    env: "CHROMIUM_PATH",
    others: ["chromium-browser", "google-chrome-stable", "google-chrome"],
    files: ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium"],
    debian: "chromium",
    ubuntu: undefined,
    suites: "the adapter-browser suites and the playground's page tests",
  },
  {
    name: "Godot 3.2.3 headless",
    binary: "godot3-server",
    env: "GODOT3_BIN",
    others: [],
    files: [],
    debian: "godot3-server",
    ubuntu: "godot3-server",
    suites: "the interop-godot3 suites",
  },
  {
    name: "Redis server",
    binary: "redis-server",
    env: "REDIS_SERVER_BIN",
    others: [],
    files: [],
    debian: "redis-server",
    ubuntu: "redis-server",
    suites: "the cluster-redis suites",
  },
];

/** `ubuntu`, `debian` (or a derivative of either), or "" elsewhere. WSMP_OS_RELEASE: another os-release file (for tests). */
function distribution() {
  const file = process.env.WSMP_OS_RELEASE ?? "/etc/os-release";
  if (!existsSync(file)) return "";
  const fields = Object.fromEntries(readFileSync(file, "utf8").split("\n").map((line) => line.split("=")).filter((kv) => kv.length === 2).map(([k, v]) => [k, v.replace(/"/g, "")]));
  const ids = `${fields.ID ?? ""} ${fields.ID_LIKE ?? ""}`.split(/\s+/);
  return ids.includes("ubuntu") ? "ubuntu" : ids.includes("debian") ? "debian" : "";
}

/** A snap, or Ubuntu's script that starts one (`/usr/bin/chromium-browser`). */
function isSnap(path) {
  if (path.startsWith("/snap/")) return true;
  try {
    const head = readFileSync(path).subarray(0, 4096).toString("latin1");
    return head.startsWith("#!") && head.includes("/snap/");
  } catch {
    return false;
  }
}

/** True when the tool is there (possibly under another name, then exported in its variable). */
function findTool(tool) {
  if (process.env[tool.env]) return true;
  if (has(tool.binary)) return true;
  const other = tool.others.map(which).find(Boolean) ?? tool.files.find((file) => existsSync(file));
  if (!other) return false;
  process.env[tool.env] = other;
  log(`using ${other} as ${tool.name} (${tool.env})`);
  if (isSnap(other)) log(`${other} is a snap, which may fail to start under the tests: if ${tool.suites} fail, set ${tool.env} to a Chrome or Chromium that is not a snap`);
  return true;
}

/** apt-get as root, or through `sudo -n` (no password prompt); undefined when neither works. */
function aptRunner() {
  if (process.getuid?.() === 0) return ["apt-get"];
  if (has("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) return ["sudo", "-n", "apt-get"];
  return undefined;
}

/**
 * Installs the missing system tools with apt-get when it can. Never fails the run: whatever is
 * still missing is named in one line (what to install, or which variable to set) and the suites
 * that need it fail on their own, with the same advice, while every other suite runs.
 */
function ensureSystemPackages() {
  const missing = SYSTEM_TOOLS.filter((tool) => !findTool(tool));
  if (missing.length === 0) return;
  const advice = (tools) => tools.map((tool) => `${tool.name} (set ${tool.env}=/path/to/it)`).join(" and ");
  const distro = has("apt-get") ? distribution() : "";
  if (!distro) {
    log(`missing ${advice(missing)}: install them yourself (this machine has no apt-get to do it); without them ${missing.map((t) => t.suites).join(" and ")} fail, the other suites run`);
    return;
  }
  const packaged = missing.filter((tool) => tool[distro]);
  for (const tool of missing.filter((t) => !t[distro])) {
    log(`${tool.name}: ${distro} packages it only as a snap, which the tests cannot drive reliably; install Google Chrome or a Chromium build and set ${tool.env}=/path/to/it (without it ${tool.suites} fail)`);
  }
  if (packaged.length === 0) return;
  const names = packaged.map((tool) => tool[distro]);
  const apt = aptRunner();
  if (!apt) {
    log(`not root and sudo needs a password: run \`sudo apt-get install ${names.join(" ")}\` yourself, or set ${packaged.map((t) => t.env).join(" / ")}; going on without them (${packaged.map((t) => t.suites).join(" and ")} will fail)`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const aptGet = (args) => run(apt[0], [...apt.slice(1), ...args], { env, stdio: ["ignore", "ignore", "inherit"] });
  log(`installing ${names.join(", ")} with apt-get`);
  if (aptGet(["update", "-qq"]) !== 0) log("apt-get update failed; trying the install with the package lists as they are");
  const available = names.filter((name) => /Candidate: (?!\(none\))/.test(spawnSync("apt-cache", ["policy", name], { encoding: "utf8" }).stdout ?? ""));
  for (const name of names.filter((n) => !available.includes(n))) {
    log(`apt has no package ${name} here${distro === "ubuntu" ? " (is the universe component enabled?)" : ""}: install it another way or set its variable`);
  }
  if (available.length > 0 && aptGet(["install", "-y", "-qq", "--no-install-recommends", ...available]) !== 0) {
    log(`apt-get install ${available.join(" ")} failed; going on without them`);
  }
  for (const tool of packaged) if (!findTool(tool)) log(`still no ${tool.name}: ${tool.suites} will fail`);
}

/** The whole workspace, or only the named projects and what they build from (`pkg...`). */
function install(filters = []) {
  const selection = filters.flatMap((filter) => ["--filter", filter]);
  pnpm(["install", "--frozen-lockfile", "--reporter=append-only", ...selection], { stdio: ["ignore", "ignore", "inherit"] });
}

function build(filters = []) {
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only", ...filters.map((filter) => `--filter=${filter}`)]);
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
    // Only the playground and the packages it is built from (the root's tools come along, as
    // pnpm always installs the root): no test tools, no Bun, no system packages.
    const playground = join(root, "apps", "playground", "package.json");
    if (existsSync(playground)) {
      install(["@wsmp/playground..."]);
      build(["@wsmp/playground..."]);
      // Straight to node, not through `pnpm start` (whose shell dies by the terminal's SIGINT and
      // is then reported as a failure): Ctrl-C reaches the playground, which closes its peers and
      // exits 0, and this process waits for it and exits with its status.
      for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => undefined);
      process.exit(run("node", [join(root, "apps", "playground", "dist", "server", "main.js"), ...rest]));
    } else {
      install(["@wsmp/adapter-node..."]);
      build(["@wsmp/adapter-node..."]);
      must("node", [join(root, "packages", "adapter-node", "examples", "server.mjs"), ...rest]);
    }
    break;
  }
  case "tools":
    ensureSystemPackages();
    break;
  case "bench":
    ensureSystemPackages();
    install();
    build();
    pnpm(["--filter", "@wsmp/bench", "bench", "--", ...rest]);
    break;
  default:
    log(`unknown task "${task}": use start, test, bench or tools`);
    process.exit(2);
}
