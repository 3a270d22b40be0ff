import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import { runtimeOf } from "@wsmp/core/adapter";

/** Node's clock (`performance.now`), unref'd timers, `crypto.getRandomValues`, and `console.error` for errors nobody listened for. */
export const nodeRuntime = runtimeOf({ now: () => performance.now(), setTimeout, clearTimeout, random: (target) => webcrypto.getRandomValues(target), printError: console.error });
