import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVERS } from "../src/servers/catalog.js";

/**
 * `pnpm bench --smoke` end to end: every scenario against every server once, tiny sizes. It
 * checks that the run completes and reports every row; it asserts nothing about speed.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(join(tmpdir(), "wsmp-bench-smoke-"));

interface Result {
  rows: { scenario: string; server: string; param: number; stats: Record<string, { n: number }> }[];
  targets: unknown[];
  skipped: unknown[];
  processes: number[];
}

let exitCode: number | null = null;
let stderr = "";
let result: Result;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], { encoding: "utf8" });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  const child = spawn(process.execPath, [join(root, "dist", "cli.js"), "--smoke", "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-6000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
  exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  clearTimeout(timer);
  if (existsSync(join(out, "latest.json"))) result = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as Result;
});

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe("pnpm bench --smoke", () => {
  it("exits 0 and writes the table, the JSON and the chart", () => {
    expect(exitCode, stderr).toBe(0);
    const md = readFileSync(join(out, "latest.md"), "utf8");
    for (const heading of ["### Relay fan-out", "### Capacity", "### Cluster", "### Echo", "### Connection scale", "### Core only", "### Soak", "### Targets"]) expect(md).toContain(heading);
    expect(readFileSync(join(out, "cpu-per-delivery.svg"), "utf8")).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\s*$/);
  });

  it("has a measured row for every server of every scenario and every core harness", () => {
    expect(result.skipped, stderr).toEqual([]);
    const expected: string[] = [];
    for (const spec of SERVERS) for (const scenario of spec.scenarios) expected.push(`${scenario}/${spec.id}`);
    for (const harness of ["null", "push", "memory"]) for (const dialect of ["godot4", "godot3"]) expected.push(`core/core-${harness}-${dialect}`);
    expected.push("core/core-null-rpc");
    // The capacity scenario has a row per N a server reached.
    const present = [...new Set(result.rows.map((r) => `${r.scenario}/${r.server}`))];
    expect([...present].sort()).toEqual([...expected].sort());
    for (const row of result.rows) {
      const key = { relay: "cpuUsPerDelivery", capacity: "held", cluster: "cpuUsPerDelivery", echo: "roundTripsPerSec", scale: "kibPerPeer", core: "deliveriesPerSec", soak: "lost" }[row.scenario]!;
      expect(row.stats[key]?.n, `${row.scenario}/${row.server} ${key}`).toBe(1);
    }
    expect(result.targets.length).toBeGreaterThan(0);
  });

  it("leaves no child process behind", () => {
    expect(result.processes.length).toBeGreaterThan(10);
    expect(result.processes.filter(alive)).toEqual([]);
  });
});
