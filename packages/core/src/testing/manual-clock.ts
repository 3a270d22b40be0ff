import type { Runtime } from "../contract/transport.js";
import type { RandomSource } from "../contract/transport.js";
import { createSeededRandom } from "./seeded-random.js";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** Virtual time for tests. Nothing sleeps: `advance` runs due timers in time order. */
export class ManualClock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = 1000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    const timer: Timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers armed and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.cancelled = true;
      next.fn();
    }
    this.time = end;
  }

  /** A `Runtime` on this clock with a seeded random source. */
  runtime(random: RandomSource = createSeededRandom(1)): Runtime {
    return { now: () => this.now(), setTimer: (d, fn) => this.setTimer(d, fn), random };
  }
}
