/**
 * The control channel every benchmark server shares (Node and Bun): one JSON line on stdout
 * when it listens, and line commands on stdin. A server exits when its stdin closes, so no
 * server outlives the runner.
 */
/** relay: to everyone but the sender; echo: back to the sender; soak: echo with the public-internet protections on. */
export type ServerMode = "relay" | "echo" | "soak";

export const OUTBOUND_LIMIT = 65535;

export function parseMode(value: string | undefined): ServerMode {
  if (value === "relay" || value === "echo" || value === "soak") return value;
  throw new Error(`server mode must be "relay", "echo" or "soak", got ${String(value)}`);
}

/** Collects garbage when the runtime lets us (node --expose-gc, or Bun.gc). */
function collectGarbage(): void {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else g.gc?.();
}

export function announce(port: number): void {
  process.stdout.write(`${JSON.stringify({ ready: true, port, pid: process.pid })}\n`);
}

/** Answers `gc` (collect, then report heap) and exits on `exit` or when stdin ends. */
export function serveControl(stop: () => void | Promise<void>): void {
  let buffered = "";
  const quit = (): void => {
    void Promise.resolve(stop()).finally(() => process.exit(0));
  };
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line === "gc") {
        collectGarbage();
        collectGarbage();
        const { heapUsed, rss } = process.memoryUsage();
        process.stdout.write(`${JSON.stringify({ gc: true, heapUsed, rss })}\n`);
      } else if (line === "exit") quit();
    }
  });
  process.stdin.on("end", quit);
  process.on("SIGTERM", quit);
}
