import type { SoakResult } from "../loadgen/protocol.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import type { Loadgen } from "./loadgen-handle.js";
import { launchAll, stopAll } from "./servers.js";

const MB = 2 ** 20;

/**
 * The soak (loadgen/soak.ts): each wsmp server in turn, with the public-internet protections on
 * (wsmp-server.ts, soak mode), alone on the machine for the whole run.
 */
export async function runSoak(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const soak = profile.soak;
  if (!soak) return;
  for (const spec of specs.filter((s) => s.scenarios.includes("soak"))) {
    const [server] = await launchAll([spec], "soak", "soak", sink);
    if (!server) continue;
    try {
      // The JS heap after a full collection, before the soak (idle) and after it (every peer gone):
      // what the program kept, apart from the runtime's buffers and the collector's slack in RSS.
      const before = await server.gc();
      const r = await loadgen.request<SoakResult>({ cmd: "soak", url: server.url, serverPid: server.pid, ...soak });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await server.gc();
      sink.add({
        scenario: "soak",
        server: spec.id,
        param: soak.peers,
        rep: 0,
        metrics: {
          seconds: soak.seconds,
          stayers: r.stayers,
          sent: r.sent,
          lost: r.sent - r.received,
          outOfOrder: r.outOfOrder,
          p50Ms: r.p50Us / 1000,
          p99Ms: r.p99Us / 1000,
          joins: r.joins,
          leaves: r.leaves,
          failedJoins: r.failedJoins,
          flooderConnections: r.flooderConnections,
          flooderClosed: r.flooderClosedByServer,
          rssStartMb: r.rssStart / MB,
          rssHalfMb: r.rssHalf / MB,
          rssEndMb: r.rssEnd / MB,
          rssMaxMb: r.rssMax / MB,
          heapBeforeMb: (before.heapUsed ?? Number.NaN) / MB,
          heapAfterMb: (after.heapUsed ?? Number.NaN) / MB,
          rssAfterGcMb: after.rss / MB,
          serverCpu: r.serverCpuUs / 1000 / r.wallMs,
          loadgenCpu: r.loadgenCpu,
        },
      });
      sink.log(
        `soak ${spec.id}: ${r.sent - r.received} of ${r.sent} stayer packets lost, ${r.outOfOrder} out of order, p99 ${(r.p99Us / 1000).toFixed(2)} ms, RSS ${(r.rssStart / MB).toFixed(0)} -> ${(r.rssEnd / MB).toFixed(0)} MB (max ${(r.rssMax / MB).toFixed(0)}; every 10 s: ${r.rssTrace.map((b) => (b / MB).toFixed(0)).join(" ")}), JS heap after GC ${((before.heapUsed ?? 0) / MB).toFixed(1)} -> ${((after.heapUsed ?? 0) / MB).toFixed(1)} MB, ${r.joins} joins / ${r.leaves} leaves, flooder closed ${r.flooderClosedByServer} of ${r.flooderConnections} times`,
      );
    } catch (error) {
      sink.skip({ scenario: "soak", server: spec.id, reason: error instanceof Error ? error.message : String(error) });
    } finally {
      await stopAll([server]);
    }
  }
}
