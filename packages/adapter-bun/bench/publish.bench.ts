/**
 * Does Bun's native fan-out (`server.publish`) beat one `sendBinary` per socket for a broadcast?
 * Run with `bun packages/adapter-bun/bench/publish.bench.ts [clients] [messages]`. Prints one
 * JSON line per round: the time spent in the send loop and until every client had every message.
 * Plain Bun, no wsmp: it measures the runtime's ceiling, which decides whether the adapter
 * should route broadcasts through `publish`.
 */
const clientsCount = Number(process.argv[2] ?? 50);
const messages = Number(process.argv[3] ?? 2000);
const rounds = ["loop", "publish", "loop", "publish", "loop", "publish"] as const;

const sockets: Bun.ServerWebSocket<undefined>[] = [];
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("upgrade required", { status: 426 })),
  websocket: {
    idleTimeout: 0,
    backpressureLimit: 0,
    open(ws) {
      ws.subscribe("all");
      sockets.push(ws);
    },
    message() {},
  },
});

let received = 0;
let allIn: () => void = () => {};
const clients = await Promise.all(
  Array.from(
    { length: clientsCount },
    () =>
      new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`);
        ws.binaryType = "arraybuffer";
        ws.onopen = () => resolve(ws);
        ws.onmessage = () => {
          if (++received === clientsCount * messages) allIn();
        };
      }),
  ),
);
while (sockets.length < clientsCount) await Bun.sleep(5);

const payload = new Uint8Array(64);
for (const mode of rounds) {
  received = 0;
  const done = new Promise<void>((resolve) => (allIn = resolve));
  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    if (mode === "loop") for (const ws of sockets) ws.sendBinary(payload);
    else server.publish("all", payload);
  }
  const sent = performance.now();
  await done;
  const delivered = performance.now();
  console.log(JSON.stringify({ mode, clients: clientsCount, messages, sendLoopMs: +(sent - start).toFixed(1), deliveredMs: +(delivered - start).toFixed(1) }));
}
for (const ws of clients) ws.close();
await server.stop(true);
