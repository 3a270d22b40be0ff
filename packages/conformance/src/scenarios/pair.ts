import type { ClientHandle, WireData, WirePeerOptions, WirePacket } from "../harness.js";
import type { Scenario, ScenarioContext, TestClient, TestServer } from "../context.js";
import type { Watcher } from "../support.js";

export type Direction = "server to client" | "client to server";
export const DIRECTIONS: readonly Direction[] = ["server to client", "client to server"];

/** One sender and one receiver of a connected server/client pair, whichever way round. */
export interface Link {
  readonly direction: Direction;
  readonly server: TestServer;
  /** The client under test, then any bystanders. */
  readonly clients: readonly TestClient[];
  put(data: WireData): Promise<number>;
  putMany(items: readonly WireData[]): Promise<number[]>;
  receive(options?: Parameters<ClientHandle["receive"]>[0]): Promise<WirePacket[]>;
  availablePackets(): Promise<number>;
  readonly senderEvents: Watcher;
  readonly receiverEvents: Watcher;
  /** The sender's id as the receiver sees it (`from` of received packets). */
  readonly senderId: number;
  /** The receiver's id as the sender sees it (`peer` of the sender's events). */
  readonly receiverId: number;
}

export interface LinkOptions {
  readonly sender?: WirePeerOptions;
  readonly receiver?: WirePeerOptions;
  /** Extra connected clients that must stay unaffected (default 0). */
  readonly bystanders?: number;
}

/** Starts a server and clients with the options each side needs for `direction`. */
export async function createLink(ctx: ScenarioContext, direction: Direction, options: LinkOptions = {}): Promise<Link> {
  const s2c = direction === "server to client";
  const serverOptions = s2c ? options.sender : options.receiver;
  const clientOptions = s2c ? options.receiver : options.sender;
  const server = await ctx.startServer(serverOptions ? { options: serverOptions } : {});
  const [main] = await ctx.connectClients(server, 1, clientOptions ? { options: clientOptions } : {});
  const bystanders = options.bystanders ? await ctx.connectClients(server, options.bystanders) : [];
  const client = main!;
  return {
    direction,
    server,
    clients: [client, ...bystanders],
    put: (data) => (s2c ? server.handle.put(client.id, data) : client.handle.put(data)),
    putMany: (items) => (s2c ? server.handle.putMany(items.map((data) => ({ target: client.id, data }))) : client.handle.putMany(items)),
    receive: (o) => (s2c ? client.handle.receive(o) : server.handle.receive(o)),
    availablePackets: () => (s2c ? client.handle.availablePackets() : server.handle.availablePackets()),
    senderEvents: s2c ? server.events : client.events,
    receiverEvents: s2c ? client.events : server.events,
    senderId: s2c ? 1 : client.id,
    receiverId: s2c ? client.id : 1,
  };
}

/** One scenario per direction. */
export function bothWays(name: string, run: (ctx: ScenarioContext, direction: Direction) => Promise<void>, needs?: Scenario["needs"]): Scenario[] {
  return DIRECTIONS.map((direction) => ({ name: `${name} (${direction})`, ...(needs ? { needs } : {}), run: (ctx: ScenarioContext) => run(ctx, direction) }));
}

/** 4-byte little-endian index followed by `extra` pattern bytes: payload of packet `i`. */
export function indexed(i: number, extra = 4): Uint8Array {
  const out = new Uint8Array(4 + extra);
  new DataView(out.buffer).setUint32(0, i, true);
  for (let k = 4; k < out.length; k++) out[k] = (i + k) & 0xff;
  return out;
}

/** Reads the index of an `indexed` payload. */
export function indexOf(packet: WirePacket, decode: (b64: string) => Uint8Array): number {
  if (packet.data.kind !== "binary") return -1;
  const bytes = decode(packet.data.base64);
  return bytes.byteLength < 4 ? -1 : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}
