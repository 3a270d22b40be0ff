import { MultiplayerClient, type ClientConfig } from "../api/multiplayer-client.js";
import { MultiplayerServer, type ServerConfig } from "../api/multiplayer-server.js";
import { ManualClock } from "./manual-clock.js";
import { MemoryNetwork, type MemoryConnectOptions } from "./memory-network.js";
import { createSeededRandom } from "./seeded-random.js";

export interface MemoryPeers {
  readonly clock: ManualClock;
  readonly network: MemoryNetwork;
  readonly server: MultiplayerServer;
  /** Creates a client for this server (not yet connected). */
  client(config?: Partial<ClientConfig>, connectOptions?: MemoryConnectOptions): MultiplayerClient;
  /** Creates clients and connects them, flushing the network; resolves with their ids. */
  connectClients(count: number, config?: Partial<ClientConfig>): Promise<MultiplayerClient[]>;
  /** Delivers everything in flight and lets promise callbacks run. */
  settle(): Promise<void>;
}

/** A server on an in-memory network with virtual time, listening on port 9000, plus client factories. */
export async function createMemoryPeers(config: Partial<ServerConfig> = {}, seed = 7): Promise<MemoryPeers> {
  const clock = new ManualClock();
  const network = new MemoryNetwork();
  const runtime = clock.runtime(createSeededRandom(seed));
  const server = new MultiplayerServer(network.serverTransport(), runtime, { port: 9000, ...config });
  await server.listen();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) {
      const moved = network.flush();
      await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotaskLike(resolve));
      if (moved === 0 && network.inFlight === 0) break;
    }
  };
  const client = (clientConfig: Partial<ClientConfig> = {}, connectOptions: MemoryConnectOptions = {}): MultiplayerClient =>
    new MultiplayerClient(network.clientTransport(connectOptions), runtime, { url: "ws://127.0.0.1:9000", ...clientConfig });
  return {
    clock,
    network,
    server,
    client,
    settle,
    async connectClients(count, clientConfig = {}) {
      const clients = Array.from({ length: count }, () => client(clientConfig));
      const ids = clients.map((c) => c.connect());
      await settle();
      await Promise.all(ids);
      return clients;
    },
  };
}

function queueMicrotaskLike(fn: () => void): void {
  void Promise.resolve().then(fn);
}
