import { createHistogram, type RecordableHistogram } from "node:perf_hooks";

/**
 * Latencies of one measured window, in microseconds, kept in Node's HDR histogram
 * (`perf_hooks.createHistogram`, three significant figures): constant memory, so the load
 * generator (always a Node process) records every delivery of a multi-million-message window.
 */
export class Histogram {
  private readonly hdr: RecordableHistogram = createHistogram();

  get count(): number {
    return this.hdr.count;
  }

  /** Records one value in microseconds (values below 1 µs count as 1 µs). */
  add(us: number): void {
    this.hdr.record(us < 1 ? 1 : Math.round(us));
  }

  /** The value below which a fraction `q` of the records fall, in microseconds (NaN when empty). */
  quantile(q: number): number {
    return this.hdr.count === 0 ? Number.NaN : this.hdr.percentile(q * 100);
  }
}
