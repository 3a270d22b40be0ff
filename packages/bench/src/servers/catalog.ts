import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerMode } from "./control.js";

/** How the load generator talks to a server: no header, Godot 4's id message first, or Godot 3's 9-byte header. */
export type Wire = "plain" | "godot4" | "godot3";
export type Runtime = "node" | "bun" | "godot";
export type ScenarioName = "relay" | "echo" | "scale" | "cluster" | "soak" | "capacity";

export interface ServerSpec {
  readonly id: string;
  readonly label: string;
  readonly runtime: Runtime;
  readonly wire: Wire;
  /** For wsmp rows: the baseline ids it is compared with (the best of them, per metric). */
  readonly baselines: readonly string[];
  readonly scenarios: readonly ScenarioName[];
  /** Command line for a mode. */
  launch(mode: ServerMode): { command: string; args: string[]; env?: Record<string, string> };
}

const here = dirname(fileURLToPath(import.meta.url));
/** The package root (dist/servers/.. /..). */
export const PACKAGE_ROOT = join(here, "..", "..");
const script = (name: string): string => join(here, `${name}.js`);
export const GODOT_SCRIPT = join(PACKAGE_ROOT, "godot", "bench-server.gd");
export const GODOT_BINARY = process.env.BENCH_GODOT ?? "/usr/bin/godot3-server";

/** The Bun binary: $BENCH_BUN, the `bun` npm package's native binary, or `bun` on PATH. */
export function bunBinary(): string | undefined {
  if (process.env.BENCH_BUN) return process.env.BENCH_BUN;
  const require = createRequire(import.meta.url);
  for (const from of [PACKAGE_ROOT, join(PACKAGE_ROOT, "..", "adapter-bun")]) {
    try {
      const pkg = require.resolve("bun/package.json", { paths: [from] });
      const exe = join(dirname(pkg), "bin", "bun.exe");
      if (existsSync(exe)) return exe;
    } catch {
      // not installed there
    }
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, "bun"))) return join(dir, "bun");
  return undefined;
}

const node = (file: string, ...args: string[]) => ({ command: process.execPath, args: ["--expose-gc", script(file), ...args] });
const bun = (file: string, ...args: string[]) => ({ command: bunBinary() ?? "bun", args: [script(file), ...args] });

export const SERVERS: readonly ServerSpec[] = [
  { id: "ws", label: "raw ws (Node)", runtime: "node", wire: "plain", baselines: [], scenarios: ["relay", "echo", "scale", "capacity"], launch: (m) => node("ws-server", m) },
  {
    id: "wsmp-node",
    label: "wsmp godot4 (Node)",
    runtime: "node",
    wire: "godot4",
    baselines: ["ws"],
    scenarios: ["relay", "echo", "scale", "soak", "capacity"],
    launch: (m) => node("wsmp-server", "node", "godot4", m),
  },
  { id: "bun", label: "raw Bun.serve send", runtime: "bun", wire: "plain", baselines: [], scenarios: ["relay", "echo", "scale", "capacity"], launch: (m) => bun("bun-server", m, "send") },
  { id: "bun-publish", label: "raw Bun.serve publish", runtime: "bun", wire: "plain", baselines: [], scenarios: ["relay", "capacity"], launch: (m) => bun("bun-server", m, "publish") },
  {
    id: "wsmp-bun",
    label: "wsmp godot4 (Bun)",
    runtime: "bun",
    wire: "godot4",
    baselines: ["bun", "bun-publish"],
    scenarios: ["relay", "echo", "scale", "soak", "capacity"],
    launch: (m) => bun("wsmp-server", "bun", "godot4", m),
  },
  {
    id: "wsmp-bun-front",
    label: "wsmp godot4 (Bun, front)",
    runtime: "bun",
    wire: "godot4",
    baselines: ["bun", "bun-publish"],
    scenarios: ["relay", "echo"],
    launch: (m) => bun("wsmp-server", "bun", "godot4", m, "front"),
  },
  {
    id: "godot",
    label: "Godot 3.2.3 server",
    runtime: "godot",
    wire: "godot3",
    baselines: [],
    scenarios: ["relay", "echo"],
    launch: (m) => ({ command: GODOT_BINARY, args: ["--no-window", "--script", GODOT_SCRIPT], env: { BENCH_MODE: m } }),
  },
  {
    id: "wsmp-node-g3",
    label: "wsmp godot3 (Node)",
    runtime: "node",
    wire: "godot3",
    baselines: ["godot"],
    scenarios: ["relay", "echo"],
    launch: (m) => node("wsmp-server", "node", "godot3", m),
  },
  {
    id: "wsmp-bun-g3",
    label: "wsmp godot3 (Bun)",
    runtime: "bun",
    wire: "godot3",
    baselines: ["godot"],
    scenarios: ["relay", "echo"],
    launch: (m) => bun("wsmp-server", "bun", "godot3", m),
  },
  {
    id: "wsmp-cluster-1",
    label: "wsmp godot3 session on one cluster node (Node + Redis)",
    runtime: "node",
    wire: "godot3",
    baselines: [],
    scenarios: ["cluster"],
    launch: (m) => node("wsmp-cluster-server", m),
  },
  {
    id: "wsmp-cluster-2",
    label: "wsmp godot3 session spread over two cluster nodes (Node + Redis)",
    runtime: "node",
    wire: "godot3",
    baselines: ["wsmp-cluster-1"],
    scenarios: ["cluster"],
    launch: (m) => node("wsmp-cluster-server", m),
  },
];

export function serverById(id: string): ServerSpec {
  const spec = SERVERS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown server ${id}`);
  return spec;
}
