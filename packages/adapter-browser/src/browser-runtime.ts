import { type Runtime, runtimeOf } from "@wsmp/core/adapter";

/**
 * The browser's clock, timer and randomness: `performance.now()` (monotonic), `setTimeout` and
 * `crypto.getRandomValues`. Works in pages and workers alike.
 */
export function createBrowserRuntime(): Runtime {
  return runtimeOf({ now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle), random: (target) => crypto.getRandomValues(target), printError: (...args) => console.error(...args) });
}
