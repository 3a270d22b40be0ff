import WebSocket from "ws";
import { cpuNs, rssBytes } from "../process/proc-stats.js";
import { BenchClient } from "./bench-client.js";
import { closeClients, connectClients } from "./connect.js";
import { Histogram } from "./histogram.js";
import { FLOOD_MESSAGE, type SoakCommand, type SoakResult } from "./protocol.js";

/**
 * The soak, on the Godot 4 wire against a server that echoes every packet to its sender:
 * - `peers` peers each send a 32-byte packet at `hz` (phases spread); the first
 *   `peers * (1 - churn)` stay for the whole run and every one of their packets must come back,
 *   in order (the loss and the latency are measured on them);
 * - every second the other `peers * churn` leave (a 1000 close) and as many new peers join;
 * - one flooder sends maximum-size messages (up to 200 MB/s); when the server closes it (its rate
 *   limit), it reconnects 100 ms later and floods again;
 * - the server's RSS is read every second: after the warm-up, half-way, at the end, and its maximum.
 */
const WINDOW = 0x534f414b; // "SOAK": the window id every soak packet carries
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Peer {
  readonly client: BenchClient;
  sent: number;
  received: number;
  /** The next sequence number expected back. */
  next: number;
  outOfOrder: number;
  due: number;
}

/** Floods until `running()` is false; reconnects after the server closes it. */
async function flood(url: string, running: () => boolean, stats: { connections: number; closedByServer: number }): Promise<void> {
  const big = Buffer.alloc(FLOOD_MESSAGE, 0x46);
  while (running()) {
    stats.connections++;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve) => {
      // Up to 16 messages (1 MiB) per 5 ms, 200 MB/s, while less than 1 MiB waits to be written:
      // a flood, without starving the event loop the honest peers share.
      const pump = setInterval(() => {
        if (!running()) socket.terminate();
        for (let i = 0; i < 16 && socket.readyState === WebSocket.OPEN && socket.bufferedAmount < 1 << 20; i++) socket.send(big, { binary: true });
      }, 5);
      socket.on("error", () => undefined);
      socket.on("close", (code) => {
        clearInterval(pump);
        if (code !== 1005 && code !== 1006) stats.closedByServer++;
        resolve();
      });
    });
    if (running()) await sleep(100);
  }
}

export async function soak(cmd: SoakCommand): Promise<SoakResult> {
  const period = 1000 / cmd.hz;
  const churners = Math.round(cmd.peers * cmd.churn);
  const hist = new Histogram();
  const { clients, result } = await connectClients(cmd.url, "godot4", cmd.peers, 50, 15_000);
  const everyone: BenchClient[] = [...clients];
  try {
    if (result.failed > 0) throw new Error(`${result.failed} of ${cmd.peers} soak peers could not connect: ${result.firstError ?? ""}`);
    const start = performance.now();
    const track = (client: BenchClient, measured: boolean, index: number): Peer => {
      const peer: Peer = { client, sent: 0, received: 0, next: 0, outOfOrder: 0, due: performance.now() + (period * index) / cmd.peers };
      client.onPayload = (window, _sender, _measured, sentAt, seq) => {
        if (window !== WINDOW) return;
        peer.received++;
        if (seq !== peer.next) peer.outOfOrder++;
        peer.next = seq + 1;
        if (measured) hist.add((performance.now() - sentAt) * 1000);
      };
      return peer;
    };
    const stayers = clients.slice(0, cmd.peers - churners).map((c, i) => track(c, true, i));
    let pool = clients.slice(cmd.peers - churners).map((c, i) => track(c, false, stayers.length + i));
    let running = true;
    let nextIndex = cmd.peers;
    const counts = { joins: 0, leaves: 0, failedJoins: 0 };
    const flooder = { connections: 0, closedByServer: 0 };
    const rss: { at: number; bytes: number }[] = [];
    const cpu0 = cpuNs(cmd.serverPid);
    const own0 = process.cpuUsage();

    const ticker = setInterval(() => {
      const now = performance.now();
      for (const peer of [...stayers, ...pool]) {
        if (peer.due > now) continue;
        // A generator that fell behind skips the slots it missed instead of bursting.
        peer.due = Math.max(peer.due + period, now);
        peer.client.send(WINDOW, true, peer.sent++, 0);
      }
    }, 1);
    const churn = setInterval(() => {
      for (const peer of pool) peer.client.leave();
      counts.leaves += pool.length;
      pool = [];
      for (let i = 0; i < churners; i++) {
        const client = new BenchClient(cmd.url, "godot4", nextIndex++);
        everyone.push(client);
        client.ready.then(
          () => {
            counts.joins++;
            if (running) pool.push(track(client, false, i));
            else client.close();
          },
          () => counts.failedJoins++,
        );
      }
    }, 1000);
    const sampler = setInterval(() => rss.push({ at: performance.now() - start, bytes: rssBytes(cmd.serverPid) }), 1000);
    const flooding = cmd.flooder ? flood(cmd.url, () => running, flooder) : Promise.resolve();

    await sleep(cmd.seconds * 1000);
    running = false;
    clearInterval(ticker);
    clearInterval(churn);
    clearInterval(sampler);
    await flooding;
    const drainEnd = performance.now() + 2000;
    while (stayers.some((p) => p.received < p.sent) && performance.now() < drainEnd) await sleep(10);
    const wallMs = performance.now() - start;
    const own = process.cpuUsage(own0);
    // RSS "at the start": the first sample after a warm-up of a tenth of the run (at least one second).
    const at = (ms: number): number => (rss.find((s) => s.at >= ms) ?? rss.at(-1))?.bytes ?? 0;
    const sum = (f: (p: Peer) => number): number => stayers.reduce((n, p) => n + f(p), 0);
    return {
      stayers: stayers.length,
      sent: sum((p) => p.sent),
      received: sum((p) => p.received),
      outOfOrder: sum((p) => p.outOfOrder),
      p50Us: hist.quantile(0.5),
      p99Us: hist.quantile(0.99),
      ...counts,
      flooderConnections: flooder.connections,
      flooderClosedByServer: flooder.closedByServer,
      rssStart: at(Math.max(1000, cmd.seconds * 100)),
      rssHalf: at(cmd.seconds * 500),
      rssEnd: rss.at(-1)?.bytes ?? 0,
      rssMax: Math.max(0, ...rss.map((s) => s.bytes)),
      rssTrace: rss.filter((_, i) => i % 10 === 9).map((s) => s.bytes),
      serverCpuUs: (cpuNs(cmd.serverPid) - cpu0) / 1000,
      loadgenCpu: (own.user + own.system) / 1000 / wallMs,
      wallMs,
    };
  } finally {
    await closeClients(everyone);
  }
}
