import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Runtime } from "@wsmp/core";

/**
 * Node's clock, timer and randomness for the core. Timers are unref'd so a server or client
 * waiting on a deadline never keeps the process alive by itself; open sockets do that.
 */
export const nodeRuntime: Runtime = {
  now: () => performance.now(),
  setTimer(delayMs, fn) {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
  random: (target) => webcrypto.getRandomValues(target),
};
