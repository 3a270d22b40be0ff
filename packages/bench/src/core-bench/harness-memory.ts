import type { MultiplayerClient, Packet } from "@wsmp/core";
import { createMemoryPeers } from "@wsmp/core/testing";

/**
 * Server and clients, all pure core, on the core's in-memory network (`@wsmp/core/testing`):
 * each client sends a 32-byte packet to everyone, the network is flushed, and every client
 * drains what it received. Counts deliveries to the client applications.
 */
export interface MemoryHarness {
  feed(count: number): number;
  readonly peers: number;
}

export async function createMemoryHarness(dialect: "godot4" | "godot3", peers: number): Promise<MemoryHarness> {
  const net = await createMemoryPeers({ dialect });
  const clients: MultiplayerClient[] = await net.connectClients(peers, { dialect });
  let delivered = 0;
  for (const client of clients) {
    client.targetPeer = 0;
    client.on("packet", () => {
      delivered++;
    });
  }
  const server = net.server;
  if (dialect === "godot4") {
    server.on("packet", (packet: Packet) => {
      server.targetPeer = -packet.from;
      server.putPacket(packet.data);
    });
  } else server.on("packet", () => undefined);
  const payload = new Uint8Array(32).fill(7);
  return {
    peers,
    feed(count) {
      const before = delivered;
      for (let i = 0; i < count; i++) {
        clients[i % peers]!.putPacket(payload);
        if (i % peers === peers - 1) net.network.flush();
      }
      net.network.flush();
      return delivered - before;
    },
  };
}
