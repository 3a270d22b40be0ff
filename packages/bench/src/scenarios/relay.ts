import type { ConnectResult, RelayResult } from "../loadgen/protocol.js";
import type { Profile } from "../profile.js";
import type { Sample, SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import type { RunningServer } from "../servers/launcher.js";
import type { Loadgen } from "./loadgen-handle.js";
import { launchAll, rotate, sleep, stopAll } from "./servers.js";

interface Group {
  readonly server: RunningServer;
  readonly n: number;
  name: string | undefined;
  generation: number;
}

async function ensureConnected(group: Group, loadgen: Loadgen): Promise<string> {
  if (group.name) return group.name;
  const name = `relay-${group.server.spec.id}-${group.n}-${group.generation++}`;
  const c = await loadgen.request<ConnectResult>({ cmd: "connect", group: name, url: group.server.url, wire: group.server.spec.wire, count: group.n, concurrency: 50, timeoutMs: 15_000 });
  if (c.failed > 0) {
    await loadgen.request({ cmd: "close", group: name }).catch(() => undefined);
    throw new Error(`${c.failed} of ${group.n} connections failed: ${c.firstError ?? ""}`);
  }
  group.name = name;
  await sleep(100);
  return name;
}

async function disconnect(group: Group, loadgen: Loadgen): Promise<void> {
  if (!group.name) return;
  await loadgen.request({ cmd: "close", group: group.name }).catch(() => undefined);
  group.name = undefined;
  await sleep(250); // let the server see the closes and drop what it still had queued
}

/** One relay window as a sample: delivery, latency, CPU per delivery (of every measured process), memory, send rate. */
export function relaySample(scenario: "relay" | "cluster", server: string, n: number, rep: number, r: RelayResult): Sample {
  return {
    scenario,
    server,
    param: n,
    rep,
    metrics: {
      delivery: r.offered > 0 ? r.delivered / r.offered : Number.NaN,
      p50Ms: r.p50Us / 1000,
      p99Ms: r.p99Us / 1000,
      cpuUsPerDelivery: r.delivered > 0 ? r.serverCpuUs / r.delivered : Number.NaN,
      serverCpu: r.serverCpuUs / 1000 / r.wallMs,
      rssMb: r.serverRss / 2 ** 20,
      sendHz: r.sendHz,
      loadgenCpu: r.loadgenCpu,
      delivered: r.delivered,
      offered: r.offered,
      drained: r.quiet ? 1 : 0,
    },
  };
}

/**
 * Relay fan-out. All servers run side by side and the measured windows rotate between them,
 * repetition by repetition. Each server keeps its group of N connections between windows,
 * unless a window ended with messages still queued (an overloaded relay): then the group is
 * closed, which discards the backlog, and the next window starts on fresh connections.
 */
export async function runRelay(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const servers = await launchAll(specs, "relay", "relay", sink);
  try {
    for (const n of profile.relay.ns) {
      let groups: Group[] = servers.map((server) => ({ server, n, name: undefined, generation: 0 }));
      for (let rep = 0; rep < profile.reps; rep++) {
        for (const group of rotate(groups, rep)) {
          const { server } = group;
          let r: RelayResult;
          try {
            const name = await ensureConnected(group, loadgen);
            r = await loadgen.request<RelayResult>({
              cmd: "relay",
              group: name,
              serverPid: server.pid,
              hz: profile.relay.hz,
              warmupMs: profile.relay.warmupMs,
              measureMs: profile.relay.measureMs,
              drainMaxMs: profile.relay.drainMaxMs,
            });
          } catch (error) {
            await disconnect(group, loadgen);
            groups = groups.filter((g) => g !== group);
            sink.skip({ scenario: `relay N=${n}`, server: server.spec.id, reason: error instanceof Error ? error.message : String(error) });
            continue;
          }
          if (!r.quiet) await disconnect(group, loadgen);
          const delivery = r.offered > 0 ? r.delivered / r.offered : Number.NaN;
          sink.add(relaySample("relay", server.spec.id, n, rep, r));
          sink.log(
            `relay N=${n} rep ${rep + 1} ${server.spec.id}: ${(delivery * 100).toFixed(1)}% delivered, ${(r.serverCpuUs / Math.max(1, r.delivered)).toFixed(2)} µs/delivery, sent at ${r.sendHz.toFixed(1)} Hz, load gen ${(r.loadgenCpu * 100).toFixed(0)}%${r.quiet ? "" : ", backlog dropped"}`,
          );
        }
      }
      for (const group of groups) await disconnect(group, loadgen);
    }
  } finally {
    await stopAll(servers);
  }
}
