import { processLog, runtimeOf } from "@wsmp/core/adapter";

/** Bun's clock (`performance.now`), unref'd timers, `crypto.getRandomValues`, `console.error` for errors nobody listened for, and event logs on stderr (`WSMP_LOG`, `DEBUG=wsmp`). */
export const bunRuntime = runtimeOf({ now: () => performance.now(), setTimeout, clearTimeout, random: (target) => crypto.getRandomValues(target), printError: console.error, log: processLog(process, () => new Date().toISOString()) });
