import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import { processLog, runtimeOf } from "@wsmp/core/adapter";

/** Node's clock (`performance.now`), unref'd timers, `crypto.getRandomValues`, `console.error` for errors nobody listened for, and event logs on stderr (`WSMP_LOG`, `DEBUG=wsmp`). */
export const nodeRuntime = runtimeOf({ now: () => performance.now(), setTimeout, clearTimeout, random: (target) => webcrypto.getRandomValues(target), printError: console.error, log: processLog(process, () => new Date().toISOString()) });
