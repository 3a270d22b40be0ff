import type { MultiplayerServer, Packet, ServerOptions, TlsServerOptions } from "@wsmp/core";
import { announce, parseMode, serveControl } from "./control.js";

/**
 * wsmp under test, on Node (`@wsmp/adapter-node`) or Bun (`@wsmp/adapter-bun`), speaking the
 * `godot4` or `godot3` dialect. The server application is the one a game relay would have:
 * - godot4 relay: every packet goes to every peer but its sender (target = -from), through
 *   the Godot-faithful `putPacket`;
 * - godot3 relay: the core relays by itself (the 9-byte header carries the target); the
 *   application only drains the packets the protocol also hands to the server;
 * - echo (both dialects): every packet goes back to its sender.
 * Usage: wsmp-server.js <node|bun> <godot4|godot3> <relay|echo>
 */
interface AdapterModule {
  createServer(port: number, bindAddress?: string, tls?: TlsServerOptions, options?: ServerOptions): MultiplayerServer;
}

const [runtime, dialect, modeArg] = process.argv.slice(2);
if (runtime !== "node" && runtime !== "bun") throw new Error(`runtime must be node or bun, got ${String(runtime)}`);
if (dialect !== "godot4" && dialect !== "godot3") throw new Error(`dialect must be godot4 or godot3, got ${String(dialect)}`);
const mode = parseMode(modeArg);

const specifier = runtime === "node" ? "@wsmp/adapter-node" : "@wsmp/adapter-bun";
const adapter = (await import(specifier)) as AdapterModule;
const server = adapter.createServer(0, "127.0.0.1", undefined, { dialect });

if (mode === "echo") {
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
