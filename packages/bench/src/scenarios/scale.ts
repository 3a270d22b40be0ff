import type { ConnectResult } from "../loadgen/protocol.js";
import { cpuNs } from "../process/proc-stats.js";
import type { Profile } from "../profile.js";
import type { SampleSink } from "../samples.js";
import type { ServerSpec } from "../servers/catalog.js";
import { launchServer } from "../servers/launcher.js";
import type { Loadgen } from "./loadgen-handle.js";
import { rotate, sleep } from "./servers.js";

/**
 * Connection scale: a fresh server per measurement; K peers connect (at most `concurrency`
 * handshakes in flight) and stay idle. Memory per peer = growth of the server's RSS, each side
 * read after a forced garbage collection, divided by K; the growth of the JS heap alone is kept
 * too (Node and Bun servers), which tells the runtime's socket memory from the program's objects.
 */
export async function runScale(specs: readonly ServerSpec[], profile: Profile, loadgen: Loadgen, sink: SampleSink): Promise<void> {
  const candidates = specs.filter((s) => s.scenarios.includes("scale"));
  const broken = new Set<string>();
  for (const k of profile.scale.ks) {
    for (let rep = 0; rep < profile.reps; rep++) {
      for (const spec of rotate(candidates, rep)) {
        if (broken.has(spec.id)) continue;
        let server;
        try {
          server = await launchServer(spec, "relay");
        } catch (error) {
          broken.add(spec.id);
          sink.skip({ scenario: "scale", server: spec.id, reason: error instanceof Error ? error.message : String(error) });
          continue;
        }
        const group = `scale-${spec.id}-${k}-${rep}`;
        try {
          await sleep(200);
          const before = await server.gc();
          const cpu0 = cpuNs(server.pid);
          const c = await loadgen.request<ConnectResult>({ cmd: "connect", group, url: server.url, wire: spec.wire, count: k, concurrency: profile.scale.concurrency, timeoutMs: 30_000 });
          const cpuUs = (cpuNs(server.pid) - cpu0) / 1000;
          await sleep(200);
          const after = await server.gc();
          const rss0 = before.rss;
          const rss1 = after.rss;
          const heapKib = before.heapUsed !== undefined && after.heapUsed !== undefined ? (after.heapUsed - before.heapUsed) / 1024 / Math.max(1, c.connected) : Number.NaN;
          if (c.failed > 0) sink.note(`scale K=${k} ${spec.id} rep ${rep + 1}: ${c.failed} connections failed (${c.firstError ?? ""})`);
          sink.add({
            scenario: "scale",
            server: spec.id,
            param: k,
            rep,
            metrics: {
              kibPerPeer: (rss1 - rss0) / 1024 / Math.max(1, c.connected),
              heapKibPerPeer: heapKib,
              handshakesPerSec: c.connected / (c.ms / 1000),
              cpuUsPerHandshake: cpuUs / Math.max(1, c.connected),
              rssMb: rss1 / 2 ** 20,
              connected: c.connected,
            },
          });
          sink.log(`scale K=${k} rep ${rep + 1} ${spec.id}: ${((rss1 - rss0) / 1024 / Math.max(1, c.connected)).toFixed(2)} KiB/peer, ${Math.round(c.connected / (c.ms / 1000))} handshakes/s`);
        } catch (error) {
          sink.skip({ scenario: `scale K=${k}`, server: spec.id, reason: error instanceof Error ? error.message : String(error) });
        } finally {
          await loadgen.request({ cmd: "close", group }).catch(() => undefined);
          await server.stop();
        }
      }
    }
  }
}
