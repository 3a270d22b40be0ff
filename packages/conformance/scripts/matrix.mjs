#!/usr/bin/env node
/**
 * Writes the cross-runtime conformance matrix into a Markdown file between
 * `<!-- matrix:start -->` and `<!-- matrix:end -->`, from the result files the suite runs left in
 * `.artifacts/conformance/` (or `$WSMP_CONFORMANCE_DIR`). Nothing in the table is typed by hand.
 *
 *   node packages/conformance/scripts/matrix.mjs [--readme README.md] [--check]
 *
 * `--check` changes nothing and exits 1 when the file is out of date.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const SERVERS = [
  ["node", "Node"],
  ["bun", "Bun"],
];
const CLIENTS = [
  ["node", "Node"],
  ["bun", "Bun"],
  ["chromium", "Chromium (browser)"],
];
const START = "<!-- matrix:start -->";
const END = "<!-- matrix:end -->";

function workspaceRoot(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

function parseArgs(argv) {
  const args = { readme: undefined, check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") args.check = true;
    else if (argv[i] === "--readme") args.readme = argv[++i];
  }
  return args;
}

/** Every result file in `dir`, keyed "server__client". */
export function loadResults(dir) {
  const runs = new Map();
  if (!existsSync(dir)) return runs;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".json")) continue;
    const run = JSON.parse(readFileSync(join(dir, name), "utf8"));
    runs.set(`${run.server}__${run.client}`, run);
  }
  return runs;
}

function summarize(run) {
  const count = (status) => run.results.filter((r) => r.status === status).length;
  return { pass: count("pass"), fail: count("fail"), na: count("n/a"), failing: run.results.filter((r) => r.status === "fail").map((r) => r.scenario) };
}

function cell(run) {
  if (!run) return "not run";
  const s = summarize(run);
  const ran = s.pass + s.fail;
  const mark = s.fail === 0 && ran > 0 ? "✅" : "❌";
  return `${mark} ${s.pass}/${ran}${s.na > 0 ? ` (${s.na} n/a)` : ""}`;
}

/** The Markdown block for the given runs. */
export function renderMatrix(runs) {
  const lines = [];
  lines.push(`| server \\ client | ${CLIENTS.map(([, label]) => label).join(" | ")} |`);
  lines.push(`|---|${CLIENTS.map(() => "---").join("|")}|`);
  for (const [server, label] of SERVERS) {
    lines.push(`| **${label}** | ${CLIENTS.map(([client]) => cell(runs.get(`${server}__${client}`))).join(" | ")} |`);
  }
  lines.push("");
  lines.push("Scenarios passed / run in the last local run of each pair; n/a: the scenario needs a capability one of the two runtimes lacks (see [docs/adapters/authoring.md](docs/adapters/authoring.md#capabilities)).");
  const extra = [...runs.values()].filter((run) => !SERVERS.some(([s]) => s === run.server) || !CLIENTS.some(([c]) => c === run.client));
  for (const run of extra) lines.push(`Also run: ${run.server} server × ${run.client} client: ${cell(run)}.`);
  const failing = [...runs.values()].flatMap((run) => summarize(run).failing.map((name) => `- ${run.server} server × ${run.client} client: ${name}`));
  if (failing.length > 0) lines.push("", "Failing:", ...failing);
  return lines.join("\n");
}

/** `text` with the block between the markers replaced, or undefined when the markers are missing. */
export function replaceBlock(text, block) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + START.length)}\n${block}\n${text.slice(end)}`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = workspaceRoot(process.cwd());
  const dir = process.env.WSMP_CONFORMANCE_DIR ? resolve(process.env.WSMP_CONFORMANCE_DIR) : join(root, ".artifacts", "conformance");
  const readme = resolve(root, args.readme ?? "README.md");
  const block = renderMatrix(loadResults(dir));
  const text = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  const next = replaceBlock(text, block);
  if (next === undefined) {
    process.stdout.write(`${block}\n`);
    process.stderr.write(`matrix: no ${START} ... ${END} block in ${readme}; printed the table instead\n`);
    return;
  }
  if (args.check) {
    if (next !== text) {
      process.stderr.write(`matrix: ${readme} is out of date; run node packages/conformance/scripts/matrix.mjs\n`);
      process.exitCode = 1;
    }
    return;
  }
  if (next !== text) writeFileSync(readme, next);
  process.stdout.write(`${block}\n`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("matrix.mjs")) main();
