import type { Row } from "./aggregate.js";

/** One of the performance targets, checked against one run. */
export interface TargetCheck {
  readonly target: string;
  readonly where: string;
  readonly measured: string;
  /** undefined when a side of the comparison is missing from the run. */
  readonly met: boolean | undefined;
}

const find = (rows: readonly Row[], scenario: string, server: string, param: number): Row | undefined =>
  rows.find((r) => r.scenario === scenario && r.server === server && r.param === param);
const med = (row: Row | undefined, metric: string): number => row?.stats[metric]?.median ?? Number.NaN;
const params = (rows: readonly Row[], scenario: string): number[] => [...new Set(rows.filter((r) => r.scenario === scenario).map((r) => r.param))].sort((a, b) => a - b);

/** The largest N a server held in the capacity scenario (100 % delivered, p99 under the limit), if it ran. */
function capacityOf(rows: readonly Row[], server: string): number | undefined {
  const mine = rows.filter((r) => r.scenario === "capacity" && r.server === server);
  if (mine.length === 0) return undefined;
  return Math.max(0, ...mine.filter((r) => med(r, "held") === 1).map((r) => r.param));
}

function ratioCheck(rows: readonly Row[], target: string, scenario: string, server: string, metric: string, limit: number, label: string): TargetCheck[] {
  return params(rows, scenario).map((p) => {
    const ratio = find(rows, scenario, server, p)?.ratios[metric];
    return {
      target,
      where: `${label} ${p}`,
      measured: ratio ? `${ratio.value.toFixed(2)}x ${ratio.baseline}` : "missing",
      met: ratio ? ratio.value <= limit : undefined,
    };
  });
}

function ratioAt(rows: readonly Row[], target: string, scenario: string, server: string, metric: string, limit: number, label: string, only: readonly number[]): TargetCheck[] {
  return ratioCheck(rows, target, scenario, server, metric, limit, label).filter((c) => only.some((p) => c.where === `${label} ${p}`));
}

/** The performance targets (docs/performance.md explains each one that is missed). */
export function checkTargets(rows: readonly Row[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  checks.push(...ratioCheck(rows, "relay CPU/delivery: wsmp Bun <= 1.15x best raw Bun (send or publish)", "relay", "wsmp-bun", "cpuUsPerDelivery", 1.15, "N ="));
  checks.push(...ratioAt(rows, "relay CPU/delivery: wsmp Node <= 1.05x raw ws", "relay", "wsmp-node", "cpuUsPerDelivery", 1.05, "N =", [10, 100]));
  for (const server of ["wsmp-bun", "wsmp-node"]) {
    const held = capacityOf(rows, server);
    const runtime = server === "wsmp-bun" ? "Bun" : "Node";
    if (server === "wsmp-node" && held === undefined) continue;
    checks.push({
      target: `capacity: all-to-all peers at 20 Hz one ${runtime} process holds (100 % delivered, p99 < 20 ms)${server === "wsmp-bun" ? " >= 200" : ", as many as raw ws"}`,
      where: server,
      measured: held === undefined ? "missing" : `${held} (${server === "wsmp-bun" ? `Bun publish ${capacityOf(rows, "bun-publish") ?? "missing"}, send ${capacityOf(rows, "bun") ?? "missing"}` : `raw ws ${capacityOf(rows, "ws") ?? "missing"}`})`,
      met: held === undefined ? undefined : server === "wsmp-bun" ? held >= 200 : held >= (capacityOf(rows, "ws") ?? Number.POSITIVE_INFINITY),
    });
  }
  checks.push(...ratioCheck(rows, "memory per idle peer: wsmp Node <= 1.2x raw ws", "scale", "wsmp-node", "kibPerPeer", 1.2, "K ="));
  checks.push(...ratioCheck(rows, "memory per idle peer: wsmp Bun <= 1.2x raw Bun", "scale", "wsmp-bun", "kibPerPeer", 1.2, "K ="));
  checks.push(...ratioCheck(rows, "godot3 relay CPU/delivery: wsmp Node <= Godot 3.2.3", "relay", "wsmp-node-g3", "cpuUsPerDelivery", 1, "N ="));
  checks.push(...ratioCheck(rows, "godot3 relay CPU/delivery: wsmp Bun <= Godot 3.2.3", "relay", "wsmp-bun-g3", "cpuUsPerDelivery", 1, "N ="));
  for (const dialect of ["godot4", "godot3"]) {
    const row = rows.find((r) => r.scenario === "core" && r.server === `core-null-${dialect}`);
    const bytes = med(row, "bytesPerPacket");
    checks.push({
      target: "core: bytes allocated per relayed packet, steady state (the application pulls)",
      where: `${dialect}, server core alone, ${row?.param ?? "?"} peers`,
      measured: Number.isFinite(bytes) ? `${bytes.toFixed(1)} B/inbound packet` : "missing",
      // At the margin of two batch sizes; a few bytes are left of what the JIT and the heap do by themselves.
      met: Number.isFinite(bytes) ? bytes < 4 : undefined,
    });
  }
  for (const row of rows.filter((r) => r.scenario === "soak")) {
    const lost = med(row, "lost");
    const sent = med(row, "sent");
    checks.push({ target: "soak: no packet lost among the peers that stayed", where: row.server, measured: Number.isFinite(lost) ? `${lost} of ${sent}` : "missing", met: Number.isFinite(lost) ? lost === 0 : undefined });
    const start = med(row, "rssStartMb");
    const half = med(row, "rssHalfMb");
    const end = med(row, "rssEndMb");
    const known = [start, half, end].every((v) => Number.isFinite(v) && v > 0);
    // Flat: a runtime sizes its heap for the load in the first part of the run and then holds it;
    // a leak keeps climbing, so the second half is compared (within 5 %: RSS moves with GC cycles).
    checks.push({
      target: "soak: server RSS flat over the second half (end <= 1.05x half-way)",
      where: row.server,
      measured: known ? `${start.toFixed(0)} -> ${half.toFixed(0)} -> ${end.toFixed(0)} MB` : "missing",
      met: known ? end <= half * 1.05 : undefined,
    });
  }
  return checks;
}
