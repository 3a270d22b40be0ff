import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg, totalmem } from "node:os";
import { bunBinary, GODOT_BINARY } from "../servers/catalog.js";

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly node: string;
  readonly bun: string;
  readonly godot: string;
  readonly ws: string;
}

function version(command: string | undefined, args: string[]): string {
  if (!command) return "not found";
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 10_000 });
  // Godot 3 prints its version and exits with 255, so the output decides, not the status.
  const line = (result.stdout ?? "").trim().split("\n").pop()?.trim();
  return result.error || !line ? "not found" : line;
}

export function describeMachine(wsVersion: string): Machine {
  let cpuModel = "unknown";
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  let kernel = "unknown";
  try {
    kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  } catch {
    // not Linux
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel,
    node: process.version,
    bun: version(bunBinary(), ["--version"]),
    godot: version(GODOT_BINARY, ["--version"]),
    ws: wsVersion,
  };
}

export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
