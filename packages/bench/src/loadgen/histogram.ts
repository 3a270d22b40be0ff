/**
 * A log-bucketed latency histogram: constant memory, about 2 % relative error, so the load
 * generator can record every delivery of a 5-million-message window without keeping samples.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 1200; // 1 µs .. ~ 20 000 s

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  /** Records one value in microseconds. */
  add(us: number): void {
    const v = us < 1 ? 1 : us;
    let i = Math.floor(Math.log(v) / LOG_GROWTH);
    if (i >= BUCKETS) i = BUCKETS - 1;
    this.counts[i]!++;
    this.count++;
    if (v > this.max) this.max = v;
  }

  /** The value below which a fraction `q` of the records fall, in microseconds (NaN when empty). */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Math.pow(GROWTH, i + 0.5));
    }
    return this.max;
  }
}
