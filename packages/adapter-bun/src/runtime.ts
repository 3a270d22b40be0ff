import { runtimeOf } from "@wsmp/core/adapter";

/** Bun's clock (`performance.now`), unref'd timers and `crypto.getRandomValues`, for the core. */
export const bunRuntime = runtimeOf({ now: () => performance.now(), setTimeout, clearTimeout, random: (target) => crypto.getRandomValues(target) });
