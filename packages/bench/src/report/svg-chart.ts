import { SERVERS } from "../servers/catalog.js";
import type { Row } from "./aggregate.js";

/**
 * A small SVG line chart of server CPU per delivered packet against N (relay scenario), one line
 * per server, log scales on both axes, whiskers for min-max. Hand-written SVG, no dependencies.
 */
const W = 760;
const H = 440;
const M = { left: 70, right: 210, top: 40, bottom: 50 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const DASHED = new Set(["ws", "bun", "bun-publish", "godot"]);

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

export function renderCpuChart(rows: readonly Row[], title: string): string {
  const relay = rows.filter((r) => r.scenario === "relay" && Number.isFinite(r.stats.cpuUsPerDelivery?.median ?? Number.NaN));
  const ns = [...new Set(relay.map((r) => r.param))].sort((a, b) => a - b);
  const servers = SERVERS.map((s) => s.id).filter((id) => relay.some((r) => r.server === id));
  const values = relay.flatMap((r) => [r.stats.cpuUsPerDelivery!.min, r.stats.cpuUsPerDelivery!.max]).filter((v) => v > 0);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`];
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`);
  if (ns.length === 0 || values.length === 0) {
    out.push(`<text x="${M.left}" y="${H / 2}">no relay data</text></svg>`);
    return out.join("\n");
  }
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const xLo = Math.min(...ns);
  const xHi = Math.max(...ns);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (n: number): number => (xHi === xLo ? M.left + plotW / 2 : M.left + (plotW * Math.log(n / xLo)) / Math.log(xHi / xLo));
  const y = (v: number): number => M.top + plotH - (plotH * Math.log(v / yLo)) / Math.log(yHi / yLo);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  for (const t of niceTicks(yLo, yHi)) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  for (const n of ns) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${M.top}" y2="${M.top + plotH}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${M.top + plotH + 18}" text-anchor="middle">${n}</text>`);
  }
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">N clients (log scale)</text>`);
  out.push(`<text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">server CPU µs per delivered packet (log scale)</text>`);
  servers.forEach((id, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = ns
      .map((n) => relay.find((r) => r.server === id && r.param === n))
      .filter((r): r is Row => r !== undefined)
      .map((r) => ({ n: r.param, s: r.stats.cpuUsPerDelivery! }));
    const dash = DASHED.has(id) ? ` stroke-dasharray="6 4"` : "";
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points.map((p) => `${x(p.n).toFixed(1)},${y(p.s.median).toFixed(1)}`).join(" ")}"/>`);
    for (const p of points) {
      out.push(`<line x1="${x(p.n).toFixed(1)}" x2="${x(p.n).toFixed(1)}" y1="${y(p.s.min).toFixed(1)}" y2="${y(p.s.max).toFixed(1)}" stroke="${color}"/>`);
      out.push(`<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.s.median).toFixed(1)}" r="3.5" fill="${color}"/>`);
    }
    const ly = M.top + 10 + i * 20;
    const lx = M.left + plotW + 14;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(SERVERS.find((s) => s.id === id)?.label ?? id)}</text>`);
  });
  out.push(`<text x="${M.left + plotW + 14}" y="${M.top + 20 + servers.length * 20}" fill="#555">dashed: baselines</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
