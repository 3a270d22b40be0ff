import { runtimeOf, startClient, startServer } from "@wsmp/core/adapter";
import { MEMORY_CLIENT_CAPABILITIES, MEMORY_SERVER_CAPABILITIES, MemoryNetwork } from "@wsmp/core/testing";
import type { Harness } from "./harness.js";
import { createInProcessHarness } from "./in-process.js";

/**
 * Servers and clients of @wsmp/core on its in-memory network, in real time: a pump delivers
 * frames every millisecond. It checks the core's half of each scenario without any socket.
 */
export function createMemoryHarness(name = "memory"): Harness {
  const network = new MemoryNetwork();
  const runtime = runtimeOf({ now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle), random: (target) => crypto.getRandomValues(target) });
  let pump: ReturnType<typeof setInterval> | undefined;
  const inner = createInProcessHarness({
    name,
    adapter: {
      createServer: (port, bindAddress, tls, options) => startServer(network.serverTransport(), runtime, port, bindAddress, tls, options),
      createClient: (url, tls, options) => startClient(network.clientTransport(), runtime, url, tls, options),
      capabilities: { server: MEMORY_SERVER_CAPABILITIES, client: MEMORY_CLIENT_CAPABILITIES },
    },
    capabilities: { realSockets: false },
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
