import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { killAll, startedPids } from "./process/children.js";
import { PROFILES, type Profile, type ProfileName } from "./profile.js";
import { aggregate } from "./report/aggregate.js";
import { describeMachine, loadAverage, type Machine } from "./report/machine.js";
import { renderReport, renderTables, renderTargets } from "./report/markdown.js";
import { renderCpuChart } from "./report/svg-chart.js";
import { checkTargets } from "./report/targets.js";
import type { Sample, SampleSink, Skipped } from "./samples.js";
import { runCore } from "./scenarios/core.js";
import { runEcho } from "./scenarios/echo.js";
import { startLoadgen } from "./scenarios/loadgen-handle.js";
import { runRelay } from "./scenarios/relay.js";
import { runCapacity } from "./scenarios/capacity.js";
import { runCluster } from "./scenarios/cluster.js";
import { runScale } from "./scenarios/scale.js";
import { runSoak } from "./scenarios/soak.js";
import { bunBinary, GODOT_BINARY, PACKAGE_ROOT, type ServerSpec, SERVERS } from "./servers/catalog.js";

/**
 * `pnpm bench [--full | --smoke | --soak] [--out DIR] [--only relay,capacity,echo,scale,core,cluster,soak]
 * [--servers id,...] [--reps N] [--seconds S] [--docs] [--render FILE]`: runs the scenarios, prints the tables,
 * writes latest.md, latest.json and (when the relay ran) cpu-per-delivery.svg to DIR (default: results/, or
 * results/smoke/ for --smoke, results/soak/ for --soak). `--soak` runs the soak alone (a minute
 * per server, or `--seconds S`); `--smoke` runs a tiny one with the rest. `--docs` also puts the report into
 * docs/performance.md between its bench (or, for --soak, soak) markers; `--render` re-renders an
 * earlier latest.json instead of running.
 */
const SCENARIOS = ["core", "relay", "capacity", "echo", "scale", "cluster", "soak"] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Args {
  profile: Profile;
  out: string;
  only: Set<Scenario>;
  servers: Set<string> | undefined;
  docs: boolean;
  render: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let name: ProfileName = "quick";
  let out: string | undefined;
  let only: Set<Scenario> | undefined;
  let servers: Set<string> | undefined;
  let reps: number | undefined;
  let seconds: number | undefined;
  let docs = false;
  let render: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--") continue;
    else if (a === "--full") name = "full";
    else if (a === "--smoke") name = "smoke";
    else if (a === "--quick") name = "quick";
    else if (a === "--soak") name = "soak";
    else if (a === "--out") out = value();
    else if (a === "--only") only = new Set(value().split(",") as Scenario[]);
    else if (a === "--servers") servers = new Set(value().split(","));
    else if (a === "--reps") reps = Number(value());
    else if (a === "--seconds") seconds = Number(value());
    else if (a === "--docs") docs = true;
    else if (a === "--render") render = value();
    else throw new Error(`unknown argument ${a}`);
  }
  only ??= new Set<Scenario>(name === "soak" ? ["soak"] : SCENARIOS);
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}`);
  let profile: Profile = reps ? { ...PROFILES[name], reps } : PROFILES[name];
  if (seconds !== undefined) {
    if (!profile.soak || !(seconds > 0)) throw new Error("--seconds sets the soak's duration: use it with --soak or --smoke");
    profile = { ...profile, soak: { ...profile.soak, seconds } };
  }
  return { profile, out: out ?? join(PACKAGE_ROOT, "results", name === "smoke" || name === "soak" ? name : ""), only, servers, docs, render };
}

function wsVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve("ws/package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function pickServers(args: Args, skip: (s: Skipped) => void): ServerSpec[] {
  const bun = bunBinary();
  const godot = existsSync(GODOT_BINARY);
  return SERVERS.filter((spec) => {
    if (args.servers && !args.servers.has(spec.id)) return false;
    if (spec.runtime === "bun" && !bun) skip({ scenario: "all", server: spec.id, reason: "no Bun binary (install the `bun` npm package or set BENCH_BUN)" });
    else if (spec.runtime === "godot" && !godot) skip({ scenario: "all", server: spec.id, reason: `${GODOT_BINARY} not found (Debian package godot3-server)` });
    else return true;
    return false;
  });
}

/** Puts `report` into docs/performance.md between `<!-- <section>:start -->` and `<!-- <section>:end -->`. */
function updateDocs(report: string, section: "bench" | "soak"): void {
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const file = join(PACKAGE_ROOT, "..", "..", "docs", "performance.md");
  const text = readFileSync(file, "utf8");
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} section`);
  const body = report.replace(/^## /m, "### ").replace(/^### (?!wsmp)/gm, "#### ");
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${body}${text.slice(b)}`);
}

/** Everything one run produced; latest.json holds exactly this. */
interface RunRecord {
  profile: Profile;
  machine: Machine;
  startedAt: string;
  durationS: number;
  loadBefore: number;
  loadAfter: number;
  skipped: Skipped[];
  notes: string[];
  samples: Sample[];
  processes: readonly number[];
}

async function run(args: Args): Promise<RunRecord> {
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = loadAverage();
  const samples: Sample[] = [];
  const skipped: Skipped[] = [];
  const notes: string[] = [];
  const sink: SampleSink = {
    add: (s) => samples.push(s),
    skip: (s) => {
      skipped.push(s);
      process.stderr.write(`[bench] skipped ${s.scenario} / ${s.server}: ${s.reason.split("\n")[0]}\n`);
    },
    note: (text) => notes.push(text),
    log: (text) => process.stderr.write(`[bench] ${text}\n`),
  };
  const specs = pickServers(args, sink.skip);
  if (!args.profile.soak && args.only.has("soak")) notes.push("The soak runs with `pnpm bench --soak` (a minute per server) and, tiny, in `--smoke`.");
  if (args.profile.name !== "full" && args.profile.name !== "soak" && args.only.has("scale")) notes.push(`Connection scale uses K = ${args.profile.scale.ks.join(", ")} in the ${args.profile.name} profile; \`--full\` runs K = ${PROFILES.full.scale.ks.join(", ")}.`);
  process.stderr.write(`[bench] ${args.profile.name} profile, ${args.profile.reps} repetitions, servers: ${specs.map((s) => s.id).join(", ")}\n`);
  const loadgen = startLoadgen();
  try {
    const timed = async (name: Scenario, scenario: () => Promise<void>): Promise<void> => {
      if (!args.only.has(name)) return;
      const t = performance.now();
      await scenario();
      sink.log(`${name} took ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${loadAverage()})`);
    };
    await timed("core", () => runCore(args.profile, sink));
    await timed("relay", () => runRelay(specs, args.profile, loadgen, sink));
    await timed("capacity", () => runCapacity(specs, args.profile, loadgen, sink));
    await timed("echo", () => runEcho(specs, args.profile, loadgen, sink));
    await timed("scale", () => runScale(specs, args.profile, loadgen, sink));
    await timed("cluster", () => runCluster(specs, args.profile, loadgen, sink));
    await timed("soak", () => runSoak(specs, args.profile, loadgen, sink));
  } finally {
    await loadgen.stop();
    killAll();
  }
  const machine = describeMachine(wsVersion());
  return { profile: args.profile, machine, startedAt: started.toISOString(), durationS: (performance.now() - t0) / 1000, loadBefore, loadAfter: loadAverage(), skipped, notes, samples, processes: startedPids() };
}

/** Aggregates a run and writes latest.md, latest.json and the chart (and the docs section with --docs). */
function write(record: RunRecord, args: Args): void {
  const rows = aggregate(record.samples);
  const targets = checkTargets(rows);
  const report = renderReport({ ...record, rows, targets });
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, "latest.md"), report);
  writeFileSync(join(args.out, "latest.json"), `${JSON.stringify({ ...record, rows, targets }, null, 1)}\n`);
  if (rows.some((r) => r.scenario === "relay")) writeFileSync(join(args.out, "cpu-per-delivery.svg"), renderCpuChart(rows, `Relay: server CPU per delivered packet (${record.profile.name}, ${record.machine.cpus} CPUs)`));
  if (args.docs) updateDocs(report, record.profile.name === "soak" ? "soak" : "bench");
  process.stdout.write(`\n${renderTables({ rows, profile: record.profile })}\n\n${renderTargets(targets)}\n\nWritten to ${args.out}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // --render FILE: re-render an earlier run's latest.json (after a change to the report code).
  const record = args.render ? (JSON.parse(readFileSync(args.render, "utf8")) as RunRecord) : await run(args);
  write(record, args);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    killAll();
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
