import { createInterface } from "node:readline";
import type { ConnectResult, RelayResult } from "../loadgen/protocol.js";
import { spawnTracked, stopChild } from "../process/children.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import { freePort, launchServer, type RunningServer } from "../servers/launcher.js";
import type { Loadgen } from "./loadgen-handle.js";
import { relaySample } from "./relay.js";
import { rotate, sleep, stopAll } from "./servers.js";

/** A private redis-server for the run (Debian package redis-server, or BENCH_REDIS_SERVER). */
async function startRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawnTracked(process.env.BENCH_REDIS_SERVER ?? "redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start within 10 s")), 10_000);
    child.once("error", (error) => reject(new Error(`redis-server: ${error.message} (install the Debian package redis-server)`)));
    child.once("exit", () => reject(new Error("redis-server exited at start")));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopChild(child, 200);
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => stopChild(child, 500) };
}

/**
 * One relayed session (godot3, broadcast, the relay scenario's rate and windows) on one cluster
 * node, beside the same session with its peers alternating between two nodes, where every packet
 * of a peer on the second node is bridged over Redis to the owner and back. CPU per delivery
 * counts every process of the setup: the nodes and redis-server.
 */
export async function runCluster(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const one = specs.find((s) => s.id === "wsmp-cluster-1");
  const two = specs.find((s) => s.id === "wsmp-cluster-2");
  const wanted = [one, two].filter((s): s is ServerSpec => s !== undefined);
  if (wanted.length === 0) return;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  try {
    redis = await startRedis();
  } catch (error) {
    for (const spec of wanted) sink.skip({ scenario: "cluster", server: spec.id, reason: error instanceof Error ? error.message : String(error) });
    return;
  }
  const nodes: RunningServer[] = [];
  try {
    const launch = async (spec: ServerSpec, nodeId: string): Promise<RunningServer> => {
      const withRedis: ServerSpec = { ...spec, launch: (m) => ({ ...spec.launch(m), env: { BENCH_REDIS: redis.url, BENCH_NODE: nodeId } }) };
      const running = await launchServer(withRedis, "relay");
      nodes.push(running);
      return running;
    };
    const a = await launch(wanted[0]!, "a");
    const b = two ? await launch(two, "b") : undefined;
    for (const n of profile.cluster.ns) {
      for (let rep = 0; rep < profile.reps; rep++) {
        for (const spec of rotate(wanted, rep)) {
          const session = `bench-${spec.id}-${n}-${rep}`;
          const spread = spec === two && b !== undefined;
          const urls = spread ? [`${a.url}${session}`, `${b.url}${session}`] : [`${a.url}${session}`];
          const pids = spread ? [a.pid, b.pid, redis.pid] : [a.pid, redis.pid];
          try {
            const c = await loadgen.request<ConnectResult>({ cmd: "connect", group: session, url: urls, wire: spec.wire, count: n, concurrency: 20, timeoutMs: 15_000 });
            if (c.failed > 0) throw new Error(`${c.failed} of ${n} connections failed: ${c.firstError ?? ""}`);
            await sleep(100);
            const r = await loadgen.request<RelayResult>({ cmd: "relay", group: session, serverPid: pids, hz: profile.relay.hz, warmupMs: profile.relay.warmupMs, measureMs: profile.relay.measureMs, drainMaxMs: profile.relay.drainMaxMs });
            sink.add(relaySample("cluster", spec.id, n, rep, r));
            sink.log(`cluster N=${n} rep ${rep + 1} ${spec.id}: ${((r.delivered / Math.max(1, r.offered)) * 100).toFixed(1)}% delivered, p99 ${(r.p99Us / 1000).toFixed(2)} ms, ${(r.serverCpuUs / Math.max(1, r.delivered)).toFixed(2)} µs/delivery`);
          } catch (error) {
            sink.skip({ scenario: `cluster N=${n}`, server: spec.id, reason: error instanceof Error ? error.message : String(error) });
          } finally {
            await loadgen.request({ cmd: "close", group: session }).catch(() => undefined);
            await sleep(250);
          }
        }
      }
    }
  } finally {
    await stopAll(nodes);
    await redis.stop();
  }
}
