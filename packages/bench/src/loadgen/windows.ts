import { cpuNs, rssBytes } from "../process/proc-stats.js";
import type { BenchClient } from "./bench-client.js";
import { Histogram } from "./histogram.js";
import type { EchoResult, RelayResult } from "./protocol.js";

let windowCounter = 0;
const QUIET_MS = 120;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Meter {
  stop(): { wallMs: number; serverCpuUs: number; loadgenCpu: number; serverRss: number };
}

/** Starts measuring the server's CPU (from /proc; the sum of its processes) and this process's own CPU. */
function startMeter(serverPid: number | readonly number[]): Meter {
  const pids = typeof serverPid === "number" ? [serverPid] : serverPid;
  const cpu = (): number => pids.reduce((sum, pid) => sum + cpuNs(pid), 0);
  const wall0 = performance.now();
  const server0 = cpu();
  const own0 = process.cpuUsage();
  return {
    stop() {
      const wallMs = performance.now() - wall0;
      const serverCpuUs = (cpu() - server0) / 1000;
      const own = process.cpuUsage(own0);
      return { wallMs, serverCpuUs, loadgenCpu: (own.user + own.system) / 1000 / wallMs, serverRss: pids.reduce((sum, pid) => sum + rssBytes(pid), 0) };
    },
  };
}

/**
 * Relay fan-out: every client sends one packet per 1/hz seconds (phases spread evenly), with
 * broadcast routing. Warm-up packets are not counted. Packets sent in the measured window count
 * as offered to the N-1 other clients; a delivery counts when it arrives before the drain ends
 * (no message for 120 ms, or `drainMaxMs`). Server CPU covers the measured window and the drain.
 * `quiet` is false when the drain hit its cap: messages are still queued, and the connections
 * must be replaced before the next window or its counts would mix with this one's backlog.
 */
export async function relayWindow(
  clients: readonly BenchClient[],
  opts: { serverPid: number | readonly number[]; hz: number; warmupMs: number; measureMs: number; drainMaxMs: number },
): Promise<RelayResult> {
  const window = ++windowCounter;
  const n = clients.length;
  const period = 1000 / opts.hz;
  const hist = new Histogram();
  let delivered = 0;
  let lastRx = performance.now();
  for (const client of clients) {
    client.onPayload = (w, _sender, measured, sentAt) => {
      const now = performance.now();
      lastRx = now;
      if (w !== window || !measured) return;
      delivered++;
      hist.add((now - sentAt) * 1000);
    };
  }
  const start = performance.now();
  const measureStart = start + opts.warmupMs;
  const measureEnd = measureStart + opts.measureMs;
  const next = clients.map((_, i) => start + (period * i) / n);
  let seq = 0;
  let sent = 0;
  let meter: Meter | undefined;
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now >= measureEnd) {
        clearInterval(ticker);
        resolve();
        return;
      }
      const measuring = now >= measureStart;
      if (measuring && !meter) meter = startMeter(opts.serverPid);
      for (let i = 0; i < n; i++) {
        let due = next[i]!;
        if (due > now) continue;
        // A generator that fell behind skips the slots it missed instead of bursting.
        if (due < now - period) due = now;
        clients[i]!.send(window, measuring, seq++, 0);
        if (measuring) sent++;
        next[i] = due + period;
      }
    }, 1);
  });
  meter ??= startMeter(opts.serverPid);
  const drainStart = performance.now();
  while (performance.now() - lastRx < QUIET_MS && performance.now() - drainStart < opts.drainMaxMs) await sleep(10);
  const quiet = performance.now() - lastRx >= QUIET_MS;
  const measured = meter.stop();
  for (const client of clients) client.onPayload = undefined;
  return {
    ...measured,
    quiet,
    sent,
    offered: sent * (n - 1),
    delivered,
    sendHz: sent / n / (opts.measureMs / 1000),
    p50Us: hist.quantile(0.5),
    p99Us: hist.quantile(0.99),
  };
}

/**
 * Echo: each client keeps one packet in flight and sends the next as soon as the answer is back.
 * Round trips whose answer arrives inside the measured window count; CPU covers that window.
 */
export async function echoWindow(
  clients: readonly BenchClient[],
  opts: { serverPid: number; warmupMs: number; measureMs: number; target: number },
): Promise<EchoResult> {
  const window = ++windowCounter;
  const hist = new Histogram();
  let measuring = false;
  let running = true;
  let roundTrips = 0;
  let outstanding = 0;
  let seq = 0;
  for (const client of clients) {
    client.onPayload = (w, _sender, _measured, sentAt) => {
      if (w !== window) return;
      outstanding--;
      if (measuring) {
        roundTrips++;
        hist.add((performance.now() - sentAt) * 1000);
      }
      if (running) {
        outstanding++;
        client.send(window, true, seq++, opts.target);
      }
    };
  }
  for (const client of clients) {
    outstanding++;
    client.send(window, true, seq++, opts.target);
  }
  await sleep(opts.warmupMs);
  const meter = startMeter(opts.serverPid);
  measuring = true;
  await sleep(opts.measureMs);
  measuring = false;
  const measured = meter.stop();
  running = false;
  const drainStart = performance.now();
  while (outstanding > 0 && performance.now() - drainStart < 1000) await sleep(5);
  for (const client of clients) client.onPayload = undefined;
  return { ...measured, roundTrips, measureMs: measured.wallMs, p50Us: hist.quantile(0.5), p99Us: hist.quantile(0.99) };
}
