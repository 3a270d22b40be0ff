// How `npm test` gets its system tools (scripts/bootstrap.mjs, task `tools`), on machines this
// one can stand in for: PATH holds only `sh` and fake `apt-get` / `apt-cache` / `sudo` scripts
// that record their calls, so nothing is installed for real. The fake apt-get records and
// succeeds; the tools stay missing, which the script must report and survive.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BOOTSTRAP = join(root, "scripts", "bootstrap.mjs");
const NOBODY = 65534;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Machine {
  /** Fake commands: name -> shell script body (each call is appended to calls.log first). */
  readonly commands?: Record<string, string>;
  readonly osRelease?: string;
  readonly env?: Record<string, string>;
  /** Run as an unprivileged user (uid 65534 when this test runs as root, else as itself). */
  readonly notRoot?: boolean;
}

function runTools(machine: Machine): { status: number | null; stderr: string; calls: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "wsmp-bootstrap-"));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  const bin = join(dir, "bin");
  spawnSync("mkdir", [bin]);
  symlinkSync("/bin/sh", join(bin, "sh"));
  const calls = join(dir, "calls.log");
  writeFileSync(calls, "");
  chmodSync(calls, 0o666);
  for (const [name, body] of Object.entries(machine.commands ?? {})) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> ${calls}\n${body}\n`, { mode: 0o755 });
  }
  const osRelease = join(dir, "os-release");
  writeFileSync(osRelease, machine.osRelease ?? 'ID=debian\nVERSION_ID="12"\n');
  const asNobody = machine.notRoot === true && process.getuid?.() === 0;
  const result = spawnSync(process.execPath, [BOOTSTRAP, "tools"], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
    env: { PATH: bin, HOME: dir, WSMP_OS_RELEASE: osRelease, ...machine.env },
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: result.status, stderr: result.stderr, calls: readFileSync(calls, "utf8").split("\n").filter(Boolean) };
}

/** The `[wsmp]` lines, without the pnpm probe line every task prints. */
const lines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("[wsmp] ") && !l.includes("pnpm"));

const APT = {
  "apt-get": "exit 0",
  "apt-cache": 'echo "$2:"; echo "  Candidate: 1.0"',
};

describe("npm test's system tools (bootstrap tools)", () => {
  it("uses CHROMIUM_PATH, GODOT3_BIN and REDIS_SERVER_BIN as given and installs nothing", () => {
    const run = runTools({ commands: APT, env: { CHROMIUM_PATH: "/opt/chrome", GODOT3_BIN: "/opt/godot3", REDIS_SERVER_BIN: "/opt/redis-server" } });
    expect(run.status).toBe(0);
    expect(lines(run.stderr)).toEqual([]);
    expect(run.calls).toEqual([]);
  });

  it("finds Chromium under another name and hands it to the tests through CHROMIUM_PATH", () => {
    const run = runTools({ commands: { "google-chrome-stable": "exit 0" }, env: { GODOT3_BIN: "/opt/godot3", REDIS_SERVER_BIN: "/opt/redis-server" } });
    expect(run.status).toBe(0);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^\[wsmp\] using \/.*\/bin\/google-chrome-stable as Chromium \(CHROMIUM_PATH\)$/)]);
  });

  it("as root on Debian: installs chromium, godot3-server and redis-server with apt-get, and says what is still missing", () => {
    const run = runTools({ commands: APT });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "apt-get update -qq",
      "apt-cache policy chromium",
      "apt-cache policy godot3-server",
      "apt-cache policy redis-server",
      "apt-get install -y -qq --no-install-recommends chromium godot3-server redis-server",
    ]);
    // The fake apt-get installs nothing: the script goes on and names what the run will lack.
    expect(lines(run.stderr).slice(-3)).toEqual([
      "[wsmp] still no Chromium: the adapter-browser suites and the playground's page tests will fail",
      "[wsmp] still no Godot 3.2.3 headless: the interop-godot3 suites will fail",
      "[wsmp] still no Redis server: the cluster-redis suites will fail",
    ]);
  });

  it("not root, and sudo wants a password: one line naming the packages, no apt-get, no prompt, exit 0", () => {
    const run = runTools({ commands: { ...APT, sudo: 'echo "sudo: a password is required" >&2; exit 1' }, notRoot: true });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(["sudo -n true"]);
    expect(lines(run.stderr)).toEqual([
      "[wsmp] not root and sudo needs a password: run `sudo apt-get install chromium godot3-server redis-server` yourself, or set CHROMIUM_PATH / GODOT3_BIN / REDIS_SERVER_BIN; going on without them (the adapter-browser suites and the playground's page tests and the interop-godot3 suites and the cluster-redis suites will fail)",
    ]);
  });

  it("not root, with passwordless sudo: installs through sudo -n", () => {
    const run = runTools({ commands: { ...APT, sudo: 'shift; [ "$1" = true ] && exit 0; "$@"' }, notRoot: true });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith("sudo"))).toEqual([
      "sudo -n true",
      "sudo -n apt-get update -qq",
      "sudo -n apt-get install -y -qq --no-install-recommends chromium godot3-server redis-server",
    ]);
  });

  it("on Ubuntu: never installs the Chromium snap, says how to provide a browser, installs godot3-server and redis-server", () => {
    const run = runTools({ commands: APT, osRelease: 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n' });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith("apt-get install"))).toEqual(["apt-get install -y -qq --no-install-recommends godot3-server redis-server"]);
    expect(lines(run.stderr)[0]).toMatch(/^\[wsmp\] Chromium: ubuntu packages it only as a snap, .* set CHROMIUM_PATH=\/path\/to\/it/);
  });

  it("names a package apt does not have (Ubuntu without universe) and goes on", () => {
    const run = runTools({ commands: { ...APT, "apt-cache": 'echo "$2:"; echo "  Candidate: (none)"' }, osRelease: "ID=ubuntu\n", env: { CHROMIUM_PATH: "/opt/chrome" } });
    expect(run.status).toBe(0);
    expect(run.calls.some((c) => c.startsWith("apt-get install"))).toBe(false);
    expect(lines(run.stderr)).toContain("[wsmp] apt has no package godot3-server here (is the universe component enabled?): install it another way or set its variable");
  });

  it("without apt-get (macOS, Windows, other Linux): one line with the variables to set", () => {
    const run = runTools({});
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(lines(run.stderr)).toEqual([
      "[wsmp] missing Chromium (set CHROMIUM_PATH=/path/to/it) and Godot 3.2.3 headless (set GODOT3_BIN=/path/to/it) and Redis server (set REDIS_SERVER_BIN=/path/to/it): install them yourself (this machine has no apt-get to do it); without them the adapter-browser suites and the playground's page tests and the interop-godot3 suites and the cluster-redis suites fail, the other suites run",
    ]);
  });
});
