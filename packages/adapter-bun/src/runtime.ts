import { runtimeOf } from "@wsmp/core/adapter";

/** Bun's clock (`performance.now`), unref'd timers, `crypto.getRandomValues`, and `console.error` for errors nobody listened for. */
export const bunRuntime = runtimeOf({ now: () => performance.now(), setTimeout, clearTimeout, random: (target) => crypto.getRandomValues(target), printError: console.error });
