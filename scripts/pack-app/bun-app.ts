// The Bun adapter's own names, type-checked with Bun's types. Only type-checked.
import { type BunServerTransportOptions, bunRuntime, createBunServerTransport, createServer, MultiplayerServer } from "@wsmp/adapter-bun";

const options: BunServerTransportOptions = { onRequest: () => new Response("hello", { status: 200 }) };
const transport = createBunServerTransport(options);
const server: MultiplayerServer = createServer(0, "127.0.0.1");
const now: number = bunRuntime.now();
// @ts-expect-error createServer takes a port number
createServer("8910");
export { now, server, transport };
