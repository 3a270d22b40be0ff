import type { Runtime } from "@wsmp/core";

/**
 * The browser's clock, timer and randomness: `performance.now()` (monotonic), `setTimeout` and
 * `crypto.getRandomValues`. Works in pages and workers alike.
 */
export function createBrowserRuntime(): Runtime {
  return {
    now: () => performance.now(),
    setTimer(delayMs, fn) {
      const handle = setTimeout(fn, delayMs);
      return () => clearTimeout(handle);
    },
    random: (target) => crypto.getRandomValues(target),
  };
}
