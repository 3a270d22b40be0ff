import { GCProfiler } from "node:v8";

/**
 * Allocation is measured from V8's used-heap size with a GC profiler running: bytes allocated
 * over a batch = heap growth across the batch + what every collection inside the batch freed
 * (before - after of each GC event). A full GC runs first (`--expose-gc`), so almost nothing
 * collectable predates the batch. V8 keeps typed arrays of up to 64 bytes on its heap, so the
 * 32/41-byte frames of this benchmark are counted too.
 */
function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the core benchmark with --expose-gc");
  gc();
  gc();
}

/**
 * Bytes allocated per `count` calls of `run`, at the margin: what a batch of `2 * count` allocates
 * less what a batch of `count` allocates, so that what measuring costs by itself (the profiler,
 * reading the heap) cancels out. `units` is what `run` returned for `count` (e.g. sends).
 */
export function allocation(run: (count: number) => number, count: number): { bytes: number; count: number; units: number } {
  const once = batch(run, count);
  const twice = batch(run, 2 * count);
  return { bytes: Math.max(0, twice.bytes - once.bytes), count, units: twice.units - once.units };
}

/** Bytes allocated while `run(count)` ran; `units` is what `run` returned (e.g. sends). */
function batch(run: (count: number) => number, count: number): { bytes: number; units: number } {
  forceGc();
  const profiler = new GCProfiler();
  profiler.start();
  const heap0 = process.memoryUsage().heapUsed;
  const units = run(count);
  const heap1 = process.memoryUsage().heapUsed;
  const events = profiler.stop()?.statistics ?? [];
  let freed = 0;
  for (const e of events) freed += e.beforeGC.heapStatistics.usedHeapSize - e.afterGC.heapStatistics.usedHeapSize;
  return { bytes: heap1 - heap0 + freed, units };
}

/** Units per second of `run(count)`, timed with GC allowed. */
export function ratePerSecond(run: (count: number) => number, count: number): number {
  const t0 = performance.now();
  const units = run(count);
  return units / ((performance.now() - t0) / 1000);
}
