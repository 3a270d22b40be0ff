import type { Row } from "./aggregate.js";

/** One of the targets, checked against one run. */
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
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;

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

export function checkTargets(rows: readonly Row[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  checks.push(...ratioCheck(rows, "relay CPU/delivery: wsmp Node <= 1.10x raw ws", "relay", "wsmp-node", "cpuUsPerDelivery", 1.1, "N ="));
  checks.push(...ratioCheck(rows, "relay CPU/delivery: wsmp Bun <= 1.10x best raw Bun", "relay", "wsmp-bun", "cpuUsPerDelivery", 1.1, "N ="));
  const bun100 = med(find(rows, "relay", "wsmp-bun", 100), "delivery");
  checks.push({ target: "delivery at N = 100: wsmp Bun >= 99 %", where: "N = 100", measured: Number.isFinite(bun100) ? pct(bun100) : "missing", met: Number.isFinite(bun100) ? bun100 >= 0.99 : undefined });
  const node100 = med(find(rows, "relay", "wsmp-node", 100), "delivery");
  const ws100 = med(find(rows, "relay", "ws", 100), "delivery");
  const both = Number.isFinite(node100) && Number.isFinite(ws100);
  checks.push({
    target: "delivery at N = 100: wsmp Node >= raw ws",
    where: "N = 100",
    measured: both ? `${pct(node100)} vs ${pct(ws100)}` : "missing",
    // Equal within half a percent counts as "no less": both are medians of noisy windows.
    met: both ? node100 >= ws100 - 0.005 : undefined,
  });
  checks.push(...ratioCheck(rows, "memory per idle peer: wsmp Node <= 1.2x raw ws", "scale", "wsmp-node", "kibPerPeer", 1.2, "K ="));
  checks.push(...ratioCheck(rows, "memory per idle peer: wsmp Bun <= 1.2x raw Bun", "scale", "wsmp-bun", "kibPerPeer", 1.2, "K ="));
  checks.push(...ratioCheck(rows, "godot3 relay CPU/delivery: wsmp Node < Godot 3.2.3", "relay", "wsmp-node-g3", "cpuUsPerDelivery", 0.9999, "N ="));
  checks.push(...ratioCheck(rows, "godot3 relay CPU/delivery: wsmp Bun < Godot 3.2.3", "relay", "wsmp-bun-g3", "cpuUsPerDelivery", 0.9999, "N ="));
  for (const dialect of ["godot4", "godot3"]) {
    const row = rows.find((r) => r.scenario === "core" && r.server === `core-null-${dialect}`);
    const bytes = med(row, "bytesPerDelivery");
    checks.push({
      target: "core routing allocates nothing per packet beyond the outgoing frame",
      where: `${dialect}, server core alone`,
      measured: Number.isFinite(bytes) ? `${bytes.toFixed(1)} B/delivery, ${med(row, "bytesPerPacket").toFixed(0)} B/inbound packet` : "missing",
      // Heap growth has a few bytes of noise; the outgoing frame is the inbound bytes (zero-copy) in both dialects.
      met: Number.isFinite(bytes) ? bytes < 2 : undefined,
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
