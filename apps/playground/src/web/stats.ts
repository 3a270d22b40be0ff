import { el } from "./dom.js";

/** Seconds of history each chart keeps. */
const HISTORY = 60;
const IN_COLOR = "#7ee787";
const OUT_COLOR = "#ffa657";
const ONE_COLOR = "#4fb3ff";

interface Line {
  readonly color: string;
  readonly values: number[];
}

function formatValue(value: number, unit: string): string {
  if (unit === "B/s" && value >= 1024) return `${(value / 1024).toFixed(1)} KiB/s`;
  if (unit === "B/s") return `${value} B/s`;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`.trim();
}

/** A small line chart of the last minute, one or two lines, scaled to its own maximum. */
class Chart {
  private readonly canvas: HTMLCanvasElement;
  private readonly value: HTMLElement;

  constructor(
    parent: HTMLElement,
    readonly key: string,
    label: string,
    private readonly unit: string,
    private readonly lines: readonly Line[],
  ) {
    this.canvas = el("canvas", { width: 300, height: 40 });
    this.value = el("span", { className: "value", text: "-" });
    parent.append(el("figure", { className: "chart", "data-stat": key }, el("figcaption", {}, el("span", { text: label }), this.value), this.canvas));
  }

  push(...samples: (number | undefined)[]): void {
    this.lines.forEach((line, i) => {
      line.values.push(samples[i] ?? Number.NaN);
      if (line.values.length > HISTORY) line.values.shift();
    });
    this.value.textContent = samples.map((s) => (s === undefined || Number.isNaN(s) ? "-" : formatValue(s, this.unit))).join(" / ");
    this.draw();
  }

  private draw(): void {
    const { width, height } = this.canvas;
    const c = this.canvas.getContext("2d");
    if (!c) return;
    c.clearRect(0, 0, width, height);
    let max = 1;
    for (const line of this.lines) for (const v of line.values) if (v > max) max = v;
    const step = width / (HISTORY - 1);
    for (const line of this.lines) {
      c.strokeStyle = line.color;
      c.lineWidth = 1.5;
      c.beginPath();
      let drawing = false;
      const offset = HISTORY - line.values.length;
      line.values.forEach((v, i) => {
        if (Number.isNaN(v)) {
          drawing = false;
          return;
        }
        const x = (offset + i) * step;
        const y = height - 2 - (v / max) * (height - 4);
        if (drawing) c.lineTo(x, y);
        else c.moveTo(x, y);
        drawing = true;
      });
      c.stroke();
    }
  }
}

const lines = (...colors: string[]): Line[] => colors.map((color) => ({ color, values: [] }));

/**
 * The live numbers of one session: wire packets and bytes per second each way, the round trip
 * of the last ping, the deepest the incoming queue got in the last second, and the peer count
 * the server reported. `sample()` runs once a second.
 */
export class Stats {
  private inPackets = 0;
  private inBytes = 0;
  private outPackets = 0;
  private outBytes = 0;
  private queueMax = 0;
  private rtt: number | undefined;
  private serverPeers: number | undefined;
  private readonly packets: Chart;
  private readonly bytes: Chart;
  private readonly roundTrip: Chart;
  private readonly queue: Chart;
  private readonly peers: Chart;

  constructor(parent: HTMLElement) {
    this.packets = new Chart(parent, "packets", "packets/s in/out", "", lines(IN_COLOR, OUT_COLOR));
    this.bytes = new Chart(parent, "bytes", "bytes/s in/out", "B/s", lines(IN_COLOR, OUT_COLOR));
    this.roundTrip = new Chart(parent, "rtt", "round trip", "ms", lines(ONE_COLOR));
    this.queue = new Chart(parent, "queue", "queued in", "", lines(ONE_COLOR));
    this.peers = new Chart(parent, "server-peers", "server peers", "", lines(ONE_COLOR));
  }

  received(size: number): void {
    this.inPackets++;
    this.inBytes += size;
  }

  sent(size: number): void {
    this.outPackets++;
    this.outBytes += size;
  }

  queueDepth(depth: number): void {
    if (depth > this.queueMax) this.queueMax = depth;
  }

  roundTripTime(ms: number): void {
    this.rtt = ms;
  }

  serverPeerCount(count: number): void {
    this.serverPeers = count;
  }

  /** Pushes the last second into the charts and starts a new one. */
  sample(connected: boolean): void {
    this.packets.push(this.inPackets, this.outPackets);
    this.bytes.push(this.inBytes, this.outBytes);
    this.roundTrip.push(connected ? this.rtt : undefined);
    this.queue.push(this.queueMax);
    this.peers.push(connected ? this.serverPeers : undefined);
    this.inPackets = this.inBytes = this.outPackets = this.outBytes = this.queueMax = 0;
    if (!connected) this.rtt = this.serverPeers = undefined;
  }
}
