// Prints a mutation report (reports/mutation/<target>.json) as the per-file table of
// docs/testing.md, and with --survivors the mutants no test killed, one a line.
//   node scripts/mutation/report.mjs core [--survivors] [--file <part of a path>]
import { readFileSync } from "node:fs";

const [target = "core", ...flags] = process.argv.slice(2);
const survivors = flags.includes("--survivors");
const fileFilter = flags.includes("--file") ? flags[flags.indexOf("--file") + 1] : undefined;
const report = JSON.parse(readFileSync(new URL(`../../reports/mutation/${target}.json`, import.meta.url), "utf8"));

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);
const rows = [];
const total = { detected: 0, undetected: 0, ignored: 0 };
for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  if (fileFilter && !path.includes(fileFilter)) continue;
  const count = { detected: 0, undetected: 0, ignored: 0 };
  const lines = file.source.split("\n");
  for (const mutant of file.mutants) {
    if (DETECTED.has(mutant.status)) count.detected++;
    else if (UNDETECTED.has(mutant.status)) {
      count.undetected++;
      if (survivors) {
        const { line, column } = mutant.location.start;
        const code = lines[line - 1].trim().slice(0, 100);
        console.log(`${path}:${line}:${column} ${mutant.status} ${mutant.mutatorName} -> ${mutant.replacement?.replace(/\s+/g, " ").slice(0, 80)} | ${code}`);
      }
    } else if (mutant.status === "Ignored") count.ignored++;
  }
  for (const key of Object.keys(total)) total[key] += count[key];
  rows.push([path, count]);
}
const score = ({ detected, undetected }) => (detected + undetected === 0 ? "n/a" : `${((100 * detected) / (detected + undetected)).toFixed(2)} %`);
if (!survivors) {
  console.log("| file | score | killed | survived | ignored |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [path, count] of rows) console.log(`| \`${path.replace(/^packages\//, "")}\` | ${score(count)} | ${count.detected} | ${count.undetected} | ${count.ignored} |`);
  console.log(`| **all** | **${score(total)}** | ${total.detected} | ${total.undetected} | ${total.ignored} |`);
}
