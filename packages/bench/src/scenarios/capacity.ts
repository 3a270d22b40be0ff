import type { ConnectResult, RelayResult } from "../loadgen/protocol.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import type { RunningServer } from "../servers/launcher.js";
import type { Loadgen } from "./loadgen-handle.js";
import { relaySample } from "./relay.js";
import { launchAll, rotate, sleep, stopAll } from "./servers.js";

/** Whether a capacity window held: everything delivered, p99 under the limit, and sent at the rate asked. */
export function held(r: RelayResult, hz: number, p99LimitMs: number): boolean {
  return r.offered > 0 && r.delivered === r.offered && r.p99Us / 1000 < p99LimitMs && r.sendHz >= hz * 0.95;
}

/**
 * Capacity: the largest all-to-all session one server process holds. N peers each send a 32-byte
 * packet at the relay rate to everyone (the relay scenario's traffic); N climbs the profile's
 * ladder, and a server is out at the first N where a window (and its one retry, so that one
 * noisy window does not decide) does not hold: a packet not delivered before the drain ended, a
 * p99 at or over the limit, or a load generator that could not send at the rate. At each N the
 * servers still in take their windows in turn, so they see the same machine.
 */
export async function runCapacity(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const { ns, hz, warmupMs, measureMs, drainMaxMs, p99LimitMs } = profile.capacity;
  if (ns.length === 0) return;
  const servers = await launchAll(specs, "capacity", "relay", sink);
  let racing: RunningServer[] = [...servers];
  try {
    for (const [step, n] of ns.entries()) {
      const out: RunningServer[] = [];
      for (const server of rotate(racing, step)) {
        const name = `capacity-${server.spec.id}-${n}`;
        let last: RelayResult | undefined;
        try {
          const c = await loadgen.request<ConnectResult>({ cmd: "connect", group: name, url: server.url, wire: server.spec.wire, count: n, concurrency: 100, timeoutMs: 30_000 });
          if (c.failed > 0) throw new Error(`${c.failed} of ${n} connections failed: ${c.firstError ?? ""}`);
          await sleep(200);
          for (let attempt = 0; attempt < 2; attempt++) {
            last = await loadgen.request<RelayResult>({ cmd: "relay", group: name, serverPid: server.pid, hz, warmupMs, measureMs, drainMaxMs });
            if (held(last, hz, p99LimitMs)) break;
          }
        } catch (error) {
          sink.log(`capacity N=${n} ${server.spec.id}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          await loadgen.request({ cmd: "close", group: name }).catch(() => undefined);
          await sleep(300);
        }
        const ok = last !== undefined && held(last, hz, p99LimitMs);
        if (last) {
          const sample = relaySample("relay", server.spec.id, n, 0, last);
          sink.add({ ...sample, scenario: "capacity", metrics: { ...sample.metrics, held: ok ? 1 : 0 } });
          sink.log(
            `capacity N=${n} ${server.spec.id}: ${ok ? "holds" : "does not hold"} (${((last.delivered / Math.max(1, last.offered)) * 100).toFixed(2)} % delivered, p99 ${(last.p99Us / 1000).toFixed(1)} ms, sent at ${last.sendHz.toFixed(1)} Hz, load gen ${(last.loadgenCpu * 100).toFixed(0)} %)`,
          );
        }
        if (!ok) out.push(server);
      }
      racing = racing.filter((s) => !out.includes(s));
      if (racing.length === 0) break;
    }
  } finally {
    await stopAll(servers);
  }
}
