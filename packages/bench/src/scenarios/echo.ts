import type { ConnectResult, EchoResult } from "../loadgen/protocol.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import type { Loadgen } from "./loadgen-handle.js";
import { launchAll, rotate, sleep, stopAll } from "./servers.js";

/** Echo: C clients with one packet in flight each; windows rotate between servers as in the relay. */
export async function runEcho(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const servers = await launchAll(specs, "echo", "echo", sink);
  try {
    for (const c of profile.echo.cs) {
      const ready = [];
      for (const server of servers) {
        const group = `echo-${server.spec.id}-${c}`;
        try {
          const r = await loadgen.request<ConnectResult>({ cmd: "connect", group, url: server.url, wire: server.spec.wire, count: c, concurrency: 50, timeoutMs: 15_000 });
          if (r.failed > 0) throw new Error(`${r.failed} of ${c} connections failed: ${r.firstError ?? ""}`);
          ready.push({ server, group });
        } catch (error) {
          await loadgen.request({ cmd: "close", group }).catch(() => undefined);
          sink.skip({ scenario: `echo C=${c}`, server: server.spec.id, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      await sleep(100);
      for (let rep = 0; rep < profile.reps; rep++) {
        for (const { server, group } of rotate(ready, rep)) {
          const r = await loadgen.request<EchoResult>({ cmd: "echo", group, serverPid: server.pid, warmupMs: profile.echo.warmupMs, measureMs: profile.echo.measureMs });
          sink.add({
            scenario: "echo",
            server: server.spec.id,
            param: c,
            rep,
            metrics: {
              roundTripsPerSec: r.roundTrips / (r.measureMs / 1000),
              p50Ms: r.p50Us / 1000,
              p99Ms: r.p99Us / 1000,
              cpuUsPerRoundTrip: r.roundTrips > 0 ? r.serverCpuUs / r.roundTrips : Number.NaN,
              serverCpu: r.serverCpuUs / 1000 / r.wallMs,
              loadgenCpu: r.loadgenCpu,
            },
          });
          sink.log(`echo C=${c} rep ${rep + 1} ${server.spec.id}: ${Math.round(r.roundTrips / (r.measureMs / 1000))} round trips/s, load gen ${(r.loadgenCpu * 100).toFixed(0)}%`);
        }
      }
      for (const { group } of ready) await loadgen.request({ cmd: "close", group });
      await sleep(200);
    }
  } finally {
    await stopAll(servers);
  }
}
