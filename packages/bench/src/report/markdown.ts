import { FLOOD_MESSAGE } from "../loadgen/protocol.js";
import type { Profile } from "../profile.js";
import type { Skipped } from "../samples.js";
import { SERVERS } from "../servers/catalog.js";
import type { Row, Stat } from "./aggregate.js";
import type { Machine } from "./machine.js";
import type { TargetCheck } from "./targets.js";

/** Loadgen CPU (fraction of a core) at which a row is flagged as load-generator bound. */
export const LOADGEN_BOUND = 0.9;

export interface ReportInput {
  readonly profile: Profile;
  readonly machine: Machine;
  readonly startedAt: string;
  readonly durationS: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly rows: readonly Row[];
  readonly targets: readonly TargetCheck[];
  readonly skipped: readonly Skipped[];
  readonly notes: readonly string[];
}

function num(v: number, digits: number): string {
  if (!Number.isFinite(v)) return "n/a";
  if (Math.abs(v) >= 10_000) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(digits);
}

/** "median (min-max)", or the median alone for a single repetition. */
function cell(s: Stat | undefined, digits: number, scale = 1): string {
  if (!s || s.n === 0) return "n/a";
  const m = num(s.median * scale, digits);
  return s.n > 1 ? `${m} (${num(s.min * scale, digits)}-${num(s.max * scale, digits)})` : m;
}

function ratio(row: Row, metric: string): string {
  const r = row.ratios[metric];
  if (!r) return "";
  const others = r.others.map((o) => `${o.value.toFixed(2)}x ${o.baseline}`).join(", ");
  return others ? `${r.value.toFixed(2)}x ${r.baseline} (${others})` : `${r.value.toFixed(2)}x ${r.baseline}`;
}

function label(id: string): string {
  return SERVERS.find((s) => s.id === id)?.label ?? id;
}

/** The load generator's CPU, and whether the row is load-generator bound (busy core, or packets sent late). */
function loadgen(row: Row, hz?: number): string {
  const s = row.stats.loadgenCpu;
  if (!s) return "n/a";
  let text = `${Math.round(s.median * 100)} %`;
  const sendHz = row.stats.sendHz?.median;
  const late = hz !== undefined && sendHz !== undefined && sendHz < hz * 0.95;
  if (late) text += `, sent at ${sendHz.toFixed(1)} Hz`;
  return s.median >= LOADGEN_BOUND || late ? `${text} (LG-bound)` : text;
}

const order = (id: string): number => {
  const i = SERVERS.findIndex((s) => s.id === id);
  return i < 0 ? 99 : i;
};

function sorted(rows: readonly Row[], scenario: string): Row[] {
  return rows.filter((r) => r.scenario === scenario).sort((a, b) => a.param - b.param || order(a.server) - order(b.server) || a.server.localeCompare(b.server));
}

function table(header: string[], lines: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...lines.map((l) => `| ${l.join(" | ")} |`)].join("\n");
}

export function renderTables(input: Pick<ReportInput, "rows" | "profile">): string {
  const { rows, profile } = input;
  const parts: string[] = [];
  const relay = sorted(rows, "relay");
  if (relay.length) {
    parts.push(`### Relay fan-out (${profile.relay.hz} Hz per client, 32-byte packets, broadcast; ${profile.relay.measureMs / 1000} s windows)`);
    parts.push(
      table(
        ["Server", "N", "Delivered %", "p50 ms", "p99 ms", "CPU µs/delivery", "wsmp / baseline", "Server CPU %", "RSS MB", "Load gen CPU"],
        relay.map((r) => [label(r.server), String(r.param), cell(r.stats.delivery, 1, 100), cell(r.stats.p50Ms, 2), cell(r.stats.p99Ms, 2), cell(r.stats.cpuUsPerDelivery, 2), ratio(r, "cpuUsPerDelivery"), cell(r.stats.serverCpu, 0, 100), cell(r.stats.rssMb, 0), loadgen(r, profile.relay.hz)]),
      ),
    );
  }
  const capacity = sorted(rows, "capacity");
  if (capacity.length) {
    const c = profile.capacity;
    parts.push(`### Capacity: the largest all-to-all session one server process holds (${c.hz} Hz per peer, 32-byte packets to everyone; held: 100 % delivered, p99 < ${c.p99LimitMs} ms, sent at the rate; ${c.measureMs / 1000} s windows, N = ${c.ns.join(", ")})`);
    parts.push(table(["Server", "Largest N held", "wsmp / baseline", "First N not held", "There: delivered %, p99 ms, CPU µs/delivery, load gen CPU"], capacityLines(capacity, c.hz)));
  }
  const cluster = sorted(rows, "cluster");
  if (cluster.length) {
    parts.push(`### Cluster: one session on one node, and spread over two (godot3 relay on Redis, ${profile.relay.hz} Hz per client, broadcast)`);
    parts.push(
      table(
        ["Setup", "N", "Delivered %", "p50 ms", "p99 ms", "CPU µs/delivery (nodes + Redis)", "two nodes / one", "CPU %", "RSS MB", "Load gen CPU"],
        cluster.map((r) => [label(r.server), String(r.param), cell(r.stats.delivery, 1, 100), cell(r.stats.p50Ms, 2), cell(r.stats.p99Ms, 2), cell(r.stats.cpuUsPerDelivery, 2), ratio(r, "cpuUsPerDelivery"), cell(r.stats.serverCpu, 0, 100), cell(r.stats.rssMb, 0), loadgen(r, profile.relay.hz)]),
      ),
    );
  }
  const echo = sorted(rows, "echo");
  if (echo.length) {
    parts.push(`### Echo (one packet in flight per client; ${profile.echo.measureMs / 1000} s windows)`);
    parts.push(
      table(
        ["Server", "C", "Round trips/s", "wsmp / baseline", "p50 ms", "p99 ms", "CPU µs/round trip", "wsmp / baseline", "Load gen CPU"],
        echo.map((r) => [label(r.server), String(r.param), cell(r.stats.roundTripsPerSec, 0), ratio(r, "roundTripsPerSec"), cell(r.stats.p50Ms, 3), cell(r.stats.p99Ms, 3), cell(r.stats.cpuUsPerRoundTrip, 1), ratio(r, "cpuUsPerRoundTrip"), loadgen(r)]),
      ),
    );
  }
  const scale = sorted(rows, "scale");
  if (scale.length) {
    parts.push(`### Connection scale (K idle peers, ${profile.scale.concurrency} handshakes in flight)`);
    parts.push(
      table(
        ["Server", "K", "RSS KiB per peer", "wsmp / baseline", "JS heap KiB per peer", "Handshakes/s", "wsmp / baseline", "CPU µs/handshake", "RSS MB"],
        scale.map((r) => [
          label(r.server),
          String(r.param),
          cell(r.stats.kibPerPeer, 2),
          ratio(r, "kibPerPeer"),
          cell(r.stats.heapKibPerPeer, 2),
          cell(r.stats.handshakesPerSec, 0),
          ratio(r, "handshakesPerSec"),
          cell(r.stats.cpuUsPerHandshake, 0),
          cell(r.stats.rssMb, 0),
        ]),
      ),
    );
  }
  const core = sorted(rows, "core");
  if (core.length) {
    parts.push("### Core only (pure core in Node, relay to all but the sender)");
    parts.push(
      table(
        ["Harness", "Peers", "Packets in/s", "Deliveries/s", "Bytes allocated / inbound packet", "Bytes allocated / delivery"],
        core.map((r) => [coreLabel(r.server), String(r.param), cell(r.stats.packetsPerSec, 0), cell(r.stats.deliveriesPerSec, 0), cell(r.stats.bytesPerPacket, 0), cell(r.stats.bytesPerDelivery, 1)]),
      ),
    );
    const rpc = core.find((r) => r.server === "core-null-rpc")?.stats.packetsPerSec?.median;
    if (rpc !== undefined) parts.push(`Godot 4 RPCs: ${Math.round(rpc)} calls/s decoded, checked and answered with an encoded RPC (Vector2 and int arguments). The relay harnesses count a fan-out's group send as one delivery per receiver, as Node and Bun now send it.`);
  }
  const soak = sorted(rows, "soak");
  if (soak.length && profile.soak) {
    const { hz, seconds, churn } = profile.soak;
    parts.push(
      `### Soak (${hz} Hz per peer, echoed; ${Math.round(churn * 100)} % of the peers leave and rejoin every second; one flooder of ${FLOOD_MESSAGE}-byte messages; ${seconds} s; the README's safe settings)`,
    );
    parts.push(
      table(
        ["Server", "Peers", "Stayers' packets", "Lost", "Out of order", "p50 ms", "p99 ms", "RSS MB start / half-way / end (max)", "JS heap after GC MB, idle before / after", "Joins / leaves (failed)", "Flooder closed / connections", "Server CPU %", "Load gen CPU"],
        soak.map((r) => [
          label(r.server),
          String(r.param),
          cell(r.stats.sent, 0),
          cell(r.stats.lost, 0),
          cell(r.stats.outOfOrder, 0),
          cell(r.stats.p50Ms, 2),
          cell(r.stats.p99Ms, 2),
          `${cell(r.stats.rssStartMb, 0)} / ${cell(r.stats.rssHalfMb, 0)} / ${cell(r.stats.rssEndMb, 0)} (${cell(r.stats.rssMaxMb, 0)})`,
          `${cell(r.stats.heapBeforeMb, 1)} / ${cell(r.stats.heapAfterMb, 1)}`,
          `${cell(r.stats.joins, 0)} / ${cell(r.stats.leaves, 0)} (${cell(r.stats.failedJoins, 0)})`,
          `${cell(r.stats.flooderClosed, 0)} / ${cell(r.stats.flooderConnections, 0)}`,
          cell(r.stats.serverCpu, 0, 100),
          loadgen(r),
        ]),
      ),
    );
  }
  return parts.join("\n\n");
}

/** One line per server of the capacity scenario: the largest N it held and where it stopped. */
function capacityLines(rows: readonly Row[], hz: number): string[][] {
  const servers = [...new Set(rows.map((r) => r.server))].sort((a, b) => order(a) - order(b));
  const largest = (server: string): number => Math.max(0, ...rows.filter((r) => r.server === server && r.stats.held?.median === 1).map((r) => r.param));
  return servers.map((server) => {
    const mine = rows.filter((r) => r.server === server);
    const best = largest(server);
    const stop = mine.filter((r) => r.stats.held?.median !== 1).sort((a, b) => a.param - b.param)[0];
    const spec = SERVERS.find((x) => x.id === server);
    const baselines = (spec?.baselines ?? []).filter((b) => rows.some((r) => r.server === b)).map((b) => ({ b, n: largest(b) }));
    const top = baselines.sort((x, y) => y.n - x.n)[0];
    const versus = top && top.n > 0 ? `${(best / top.n).toFixed(2)}x ${top.b} (${top.n})` : "";
    const why = stop ? `${cell(stop.stats.delivery, 2, 100)}, ${cell(stop.stats.p99Ms, 1)}, ${cell(stop.stats.cpuUsPerDelivery, 2)}, ${loadgen(stop, hz)}` : "";
    return [label(server), String(best), versus, stop ? String(stop.param) : "not reached", why];
  });
}

function coreLabel(id: string): string {
  const [, harness, dialect] = id.split("-");
  if (dialect === "rpc") return "godot4 RPC: server core decodes a call and answers with an RPC";
  if (harness === "null") return `${dialect}: server core alone, the application pulls (getPacket)`;
  if (harness === "push") return `${dialect}: server core alone, the application takes \`packet\` events`;
  return `${dialect}: server + clients on MemoryNetwork`;
}

export function renderTargets(targets: readonly TargetCheck[]): string {
  return table(
    ["Target", "Where", "Measured", "Met"],
    targets.map((t) => [t.target, t.where, t.measured, t.met === undefined ? "n/a" : t.met ? "yes" : "**no**"]),
  );
}

export function renderReport(input: ReportInput): string {
  const m = input.machine;
  const lines = [
    `## wsmp benchmark: ${input.profile.name} profile, ${input.profile.reps} repetitions`,
    "",
    `Run ${input.startedAt}, ${Math.round(input.durationS)} s. Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Linux ${m.kernel}; node ${m.node}, bun ${m.bun}, Godot ${m.godot}, ws ${m.ws}. Load average (1 min) ${input.loadBefore} before, ${input.loadAfter} after.`,
    "",
    `Cells are median (min-max) over the repetitions. \`wsmp / baseline\` divides wsmp's median by the best baseline median of the same run (ws for Node, the better of Bun send/publish for Bun, Godot 3.2.3 for the godot3 rows). LG-bound: in that window the load generator used 90 % or more of a core, or could not send at the configured rate, so the row measures the load generator (and the machine) as much as the server.${input.profile.relay.ns.length ? ` A relay delivery counts when it arrives at most ${input.profile.relay.drainMaxMs / 1000} s after the window closed.` : ""}`,
    "",
    renderTables(input),
    "",
    "### Targets",
    "",
    renderTargets(input.targets),
  ];
  if (input.skipped.length) {
    lines.push("", "### Not measured", "", ...input.skipped.map((s) => `- ${s.scenario} / ${s.server}: ${s.reason.split("\n")[0]}`));
  }
  if (input.notes.length) lines.push("", "### Notes", "", ...input.notes.map((n) => `- ${n}`));
  return `${lines.join("\n")}\n`;
}
