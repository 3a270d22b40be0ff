import { type Runtime, startClient, startServer } from "@wsmp/core";
import { MemoryNetwork } from "@wsmp/core/testing";
import type { Harness } from "./harness.js";
import { createInProcessHarness } from "./in-process.js";

/** Wall-clock runtime from the host's globals (timers, performance, crypto). */
function hostRuntime(): Runtime {
  return {
    now: () => performance.now(),
    setTimer(delayMs, fn) {
      const timer = setTimeout(fn, delayMs) as { unref?: () => void };
      timer.unref?.();
      return () => clearTimeout(timer as never);
    },
    random: (target) => crypto.getRandomValues(target),
  };
}

/**
 * Servers and clients of @wsmp/core on its in-memory network, in real time: a pump delivers
 * frames every millisecond. It checks the core's half of each scenario without any socket.
 */
export function createMemoryHarness(name = "memory"): Harness {
  const network = new MemoryNetwork();
  const runtime = hostRuntime();
  let pump: ReturnType<typeof setInterval> | undefined;
  const inner = createInProcessHarness({
    name,
    adapter: {
      createServer: (port, bindAddress, tls, options) => startServer(network.serverTransport(), runtime, port, bindAddress, tls, options),
      createClient: (url, tls, options) => startClient(network.clientTransport(), runtime, url, tls, options),
    },
    capabilities: { realSockets: false, acceptHook: false, tls: false, outboundMessageCount: true },
  });
  return {
    ...inner,
    async setup() {
      pump ??= setInterval(() => network.flush(), 1);
    },
    async dispose() {
      await inner.teardown();
      if (pump) clearInterval(pump);
      pump = undefined;
    },
  };
}
