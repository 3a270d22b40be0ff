import type { MultiplayerServer, Packet, ServerOptions, TlsServerOptions } from "@wsmp/core";
import { startServer } from "@wsmp/core/adapter";
import { announce, parseMode, serveControl } from "./control.js";

/**
 * wsmp under test, on Node (`@wsmp/adapter-node`) or Bun (`@wsmp/adapter-bun`), speaking the
 * `godot4` or `godot3` dialect. The server application is the one a game relay would have:
 * - godot4 relay: every packet goes to every peer but its sender (target = -from), through
 *   the Godot-faithful `putPacket`;
 * - godot3 relay: the core relays by itself (the 9-byte header carries the target); the
 *   application only drains the packets the protocol also hands to the server;
 * - echo (both dialects): every packet goes back to its sender;
 * - soak: echo, with the protections of the README's safe relay settings (SOAK_PROTECTIONS).
 * Usage: wsmp-server.js <node|bun> <godot4|godot3> <relay|echo|soak> [front]; `front` (Bun only)
 * runs the server behind the Bun adapter's front (`createBunServerTransport({ front: true })`).
 */
interface AdapterModule {
  createServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer;
}

/** What the Bun adapter exports for a server on a transport of one's own. */
interface BunModule extends AdapterModule {
  createBunServerTransport(options: { front: boolean }): Parameters<typeof startServer>[0];
  bunRuntime: Parameters<typeof startServer>[1];
}

const [runtime, dialect, modeArg, variant] = process.argv.slice(2);
if (runtime !== "node" && runtime !== "bun") throw new Error(`runtime must be node or bun, got ${String(runtime)}`);
if (dialect !== "godot4" && dialect !== "godot3") throw new Error(`dialect must be godot4 or godot3, got ${String(dialect)}`);
const mode = parseMode(modeArg);

const specifier = runtime === "node" ? "@wsmp/adapter-node" : "@wsmp/adapter-bun";
const adapter = (await import(specifier)) as AdapterModule;
/**
 * The README's safe relay settings, sized for a soak from one address: every peer of the load
 * generator shares 127.0.0.1, so the per-address cap is off and `maxPeers` leaves room for churn.
 */
const SOAK_PROTECTIONS: ServerOptions = {
  maxPeers: 1000,
  maxPendingHandshakes: 64,
  maxInboundMessagesPerSecond: 120,
  maxInboundBytesPerSecond: 256 * 1024,
  overflow: "close",
  heartbeatInterval: 15,
  heartbeatTimeout: 10,
};

const options: ServerOptions = { dialect, ...(mode === "soak" ? SOAK_PROTECTIONS : {}) };
const bun = adapter as BunModule;
const server =
  variant === "front" ? startServer(bun.createBunServerTransport({ front: true }), bun.bunRuntime, 0, "127.0.0.1", undefined, options) : adapter.createServer(0, "127.0.0.1", undefined, options);

if (mode === "echo" || mode === "soak") {
  server.on("packet", (packet: Packet) => {
    server.targetPeer = packet.from;
    server.putPacket(packet.data);
  });
} else if (dialect === "godot4") {
  server.on("packet", (packet: Packet) => {
    server.targetPeer = -packet.from;
    server.putPacket(packet.data);
  });
} else {
  server.on("packet", () => undefined);
}

const address = await server.listen();
announce(address.port);
serveControl(() => server.close());
