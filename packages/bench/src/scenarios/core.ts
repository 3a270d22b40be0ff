import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnTracked } from "../process/children.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";

const CORE_BENCH = join(dirname(fileURLToPath(import.meta.url)), "..", "core-bench", "main.js");

interface CoreOutput {
  peers: number;
  results: { harness: string; dialect: string; metrics?: Record<string, number>; error?: string }[];
}

function runOnce(peers: number, packets: number): Promise<CoreOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(process.execPath, ["--expose-gc", CORE_BENCH, String(peers), String(packets)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (err = (err + chunk).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`core benchmark exited with ${String(code)}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as CoreOutput);
    });
  });
}

/** Core only: the pure core in this machine's Node, one fresh process per repetition. */
export async function runCore(profile: Profile, sink: SampleSink): Promise<void> {
  const failed = new Set<string>();
  for (let rep = 0; rep < profile.reps; rep++) {
    const output = await runOnce(profile.core.peers, profile.core.packets);
    for (const r of output.results) {
      const server = `core-${r.harness}-${r.dialect}`;
      if (!r.metrics) {
        if (!failed.has(server)) sink.skip({ scenario: "core", server, reason: r.error ?? "no result" });
        failed.add(server);
        continue;
      }
      sink.add({ scenario: "core", server, param: output.peers, rep, metrics: r.metrics });
      sink.log(`core rep ${rep + 1} ${server}: ${Math.round(r.metrics.deliveriesPerSec ?? 0)} deliveries/s, ${(r.metrics.bytesPerDelivery ?? 0).toFixed(1)} B/delivery`);
    }
  }
}
