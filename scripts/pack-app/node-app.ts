// What an application on Node writes: the root API, the Variant codec and the Node adapter, plus
// the adapter author's and the tester's entry points. Only type-checked. Each @ts-expect-error
// proves that a name has real types (an `any` would make the directive itself an error).
import { createClient, createServer, type ServerOptions } from "@wsmp/adapter-node";
import { createInProcessHarness, runConformance, SCENARIOS } from "@wsmp/conformance";
import { CloseCode, GodotError, MultiplayerClient, MultiplayerServer, type Packet, TLSOptions, WsmpError } from "@wsmp/core";
import { defineAdapter, type ServerTransport } from "@wsmp/core/adapter";
import { createMemoryPeers, ManualClock } from "@wsmp/core/testing";
import { decodeVariant, encodeVariant, type GodotValue, NodePath, Vector2 } from "@wsmp/core/variant";

const options: ServerOptions = { maxQueuedPackets: 16, dialect: "godot4" };
const server: MultiplayerServer = createServer(0, "127.0.0.1", undefined, options);
const client: MultiplayerClient = createClient("wss://127.0.0.1:1", TLSOptions.clientUnsafe());
server.on("packet", (packet: Packet) => {
  const value: GodotValue = decodeVariant(packet.data as Uint8Array, { version: 4 }).value;
  server.send(packet.from, encodeVariant([value, new NodePath("/root/a"), new Vector2(1, 2)], { version: 4 }));
});
// @ts-expect-error event names are checked
server.on("no_such_event", () => undefined);
// @ts-expect-error Variant options need a version
encodeVariant(null, {});
const code: number = CloseCode.NORMAL;
const error: GodotError = GodotError.OK;
const problem = new WsmpError("WSMP_ERR_INVALID_STATE", "a message");
const transport: ServerTransport | undefined = undefined;
const adapter: typeof defineAdapter = defineAdapter;
const clock = new ManualClock();
const scenarios: number = SCENARIOS.length;
export { adapter, client, clock, code, createInProcessHarness, createMemoryPeers, error, problem, runConformance, scenarios, transport };
