import type { Sample } from "../samples.js";
import { SERVERS } from "../servers/catalog.js";

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export interface Ratio {
  readonly value: number;
  readonly baseline: string;
  readonly others: readonly { readonly value: number; readonly baseline: string }[];
}

export interface Row {
  readonly scenario: Sample["scenario"];
  readonly server: string;
  readonly param: number;
  readonly stats: Readonly<Record<string, Stat>>;
  /** wsmp / best baseline, per compared metric (only on wsmp rows), and wsmp / each other baseline. */
  readonly ratios: Readonly<Record<string, Ratio>>;
}

/** Which way is better for each metric that gets a ratio. */
export const BETTER: Readonly<Record<string, "lower" | "higher">> = {
  cpuUsPerDelivery: "lower",
  delivery: "higher",
  roundTripsPerSec: "higher",
  cpuUsPerRoundTrip: "lower",
  kibPerPeer: "lower",
  handshakesPerSec: "higher",
  cpuUsPerHandshake: "lower",
};

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function stat(values: readonly number[]): Stat {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    n: finite.length,
  };
}

/** Groups samples by scenario, server and size; adds the wsmp / baseline ratios. */
export function aggregate(samples: readonly Sample[]): Row[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.scenario}|${s.server}|${s.param}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const rows: Row[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const names = new Set(list.flatMap((s) => Object.keys(s.metrics)));
    const stats: Record<string, Stat> = {};
    for (const name of names) stats[name] = stat(list.map((s) => s.metrics[name] ?? Number.NaN));
    rows.push({ scenario: first.scenario, server: first.server, param: first.param, stats, ratios: {} });
  }
  return rows.map((row) => ({ ...row, ratios: ratiosFor(row, rows) }));
}

function ratiosFor(row: Row, rows: readonly Row[]): Row["ratios"] {
  const spec = SERVERS.find((s) => s.id === row.server);
  if (!spec || spec.baselines.length === 0) return {};
  const peers = rows.filter((r) => r.scenario === row.scenario && r.param === row.param && spec.baselines.includes(r.server));
  const out: Record<string, Ratio> = {};
  for (const [metric, better] of Object.entries(BETTER)) {
    const mine = row.stats[metric]?.median;
    if (mine === undefined || !Number.isFinite(mine)) continue;
    const candidates = peers
      .map((peer) => ({ value: peer.stats[metric]?.median ?? Number.NaN, server: peer.server }))
      .filter((c) => Number.isFinite(c.value) && c.value !== 0)
      .sort((a, b) => (better === "lower" ? a.value - b.value : b.value - a.value));
    const [best, ...rest] = candidates;
    if (!best) continue;
    out[metric] = { value: mine / best.value, baseline: best.server, others: rest.map((c) => ({ value: mine / c.value, baseline: c.server })) };
  }
  return out;
}
