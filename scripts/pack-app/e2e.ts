// One program for Node and Bun: a server and a client on 127.0.0.1, one packet each way, the
// adapter picked by the runtime (the one-import switch). It prints one JSON line of what it saw.
import type * as NodeAdapter from "@wsmp/adapter-node";
import { decodeVariant, encodeVariant, Vector2 } from "@wsmp/core/variant";

const runtime = typeof (globalThis as { Bun?: unknown }).Bun === "undefined" ? "node" : "bun";
type Adapter = Pick<typeof NodeAdapter, "createClient" | "createServer" | "MultiplayerServer">; // what both adapters export
const adapter: Adapter = runtime === "bun" ? await import("@wsmp/adapter-bun") : await import("@wsmp/adapter-node");
const { createClient, createServer, MultiplayerServer } = adapter;

const failsafe = setTimeout(() => {
  console.error("e2e: no answer within 10 s");
  process.exit(3);
}, 10_000);

const server = createServer(0, "127.0.0.1");
const { port } = await server.listen();
const serverGot = new Promise<{ from: number; value: unknown }>((resolve) =>
  server.on("packet", ({ from, data }) => {
    const { value } = decodeVariant(data as Uint8Array, { version: 4 });
    server.send(from, `pong to ${from}`);
    resolve({ from, value });
  }),
);

const client = createClient(`ws://127.0.0.1:${port}`);
const id = await client.connect();
client.send(encodeVariant(new Vector2(3, 4), { version: 4 }));
const received = await serverGot;
let clientGot: unknown;
for await (const packet of client) {
  clientGot = { from: packet.from, data: packet.data };
  break;
}
await client.close();
await server.close();
clearTimeout(failsafe);
console.log(
  JSON.stringify({ runtime, id, serverGot: received, clientGot, serverIsCoreClass: server instanceof MultiplayerServer }),
);
