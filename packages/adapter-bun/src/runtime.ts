import type { Runtime } from "@wsmp/core";

/**
 * Bun's clock, timer and randomness for the core. Timers are unref'd so a deadline never keeps
 * the process alive by itself; open sockets do that.
 */
export const bunRuntime: Runtime = {
  now: () => performance.now(),
  setTimer(delayMs, fn) {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
  random: (target) => crypto.getRandomValues(target),
};
