import type { RandomSource } from "../contract/transport.js";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import { MultiplayerServer, type ServerConfig } from "../api/multiplayer-server.js";
import type { WsmpError } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { ManualClock } from "./manual-clock.js";
import { type MemoryConnectOptions, MemoryNetwork } from "./memory-network.js";
import { createSeededRandom } from "./seeded-random.js";

/**
 * The core's own server tests: a server on the in-memory network whose listening, random source
 * and client options each test picks. Not part of the published test kit.
 */
export interface Harness {
  readonly clock: ManualClock;
  readonly network: MemoryNetwork;
  readonly server: MultiplayerServer;
  client(options?: Partial<PeerOptions>, connectOptions?: MemoryConnectOptions): MultiplayerClient;
  settle(): Promise<void>;
}

export async function harness(config: Partial<ServerConfig> = {}, random: RandomSource = createSeededRandom(3), listen = true): Promise<Harness> {
  const clock = new ManualClock();
  const network = new MemoryNetwork();
  const runtime = clock.runtime(random);
  const server = new MultiplayerServer(network.serverTransport(), runtime, { port: 9000, ...config });
  if (listen) await server.listen();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 30; i++) {
      const moved = network.flush();
      for (let j = 0; j < 5; j++) await Promise.resolve();
      if (moved === 0 && (network.inFlight === 0 || !network.flowing)) break;
    }
  };
  const client = (options: Partial<PeerOptions> = {}, connectOptions: MemoryConnectOptions = {}): MultiplayerClient =>
    new MultiplayerClient(network.clientTransport(connectOptions), runtime, { url: "ws://127.0.0.1:9000", options });
  return { clock, network, server, client, settle };
}

/** Connections the server engine still tracks (pending, open or closing). */
export function live(server: MultiplayerServer): number {
  return server.liveConnections;
}

export async function connected(h: Harness, count: number): Promise<MultiplayerClient[]> {
  const clients = Array.from({ length: count }, () => h.client());
  const ids = clients.map((c) => c.connect());
  await h.settle();
  await Promise.all(ids);
  return clients;
}

export function failureCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: unknown) => (error as WsmpError).code,
  );
}
