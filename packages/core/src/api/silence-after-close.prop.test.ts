import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MultiplayerClient } from "./multiplayer-client.js";
import { isWsmpError } from "../shared/errors.js";
import type { MultiplayerServer } from "./multiplayer-server.js";
import { createMemoryPeers } from "../testing/index.js";

/**
 * Godot's `close()` emits nothing. After `close()` on a server (other than its own `close`
 * notification) or on a client, no event of that object fires, whatever happens next on the
 * network, the clock or the API.
 */

const SERVER_EVENTS = ["peer_connected", "peer_disconnected", "client_close_request", "packet", "packet_dropped", "protocol_error", "handshake_failed", "listening", "error"] as const;
const CLIENT_EVENTS = [
  "connected_to_server",
  "connection_failed",
  "server_disconnected",
  "peer_connected",
  "peer_disconnected",
  "server_close_request",
  "packet",
  "packet_dropped",
  "protocol_error",
  "close",
] as const;

function watch(target: MultiplayerServer | MultiplayerClient, names: readonly string[]): string[] {
  const log: string[] = [];
  for (const name of names) (target.on as (n: string, f: () => void) => unknown)(name, () => log.push(name));
  return log;
}

const op = fc.oneof(
  fc.record({ kind: fc.constant("clientSend" as const), i: fc.nat(), size: fc.nat(40) }),
  fc.record({ kind: fc.constant("serverSend" as const), target: fc.integer({ min: -1, max: 5 }), size: fc.nat(40) }),
  fc.record({ kind: fc.constant("disconnectPeer" as const), i: fc.nat(), force: fc.boolean() }),
  fc.record({ kind: fc.constant("clientDisconnect" as const), i: fc.nat() }),
  fc.record({ kind: fc.constant("clientClose" as const), i: fc.nat() }),
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 4000 }) }),
  fc.record({ kind: fc.constant("flowing" as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant("settle" as const) }),
  fc.record({ kind: fc.constant("newClient" as const), stalled: fc.boolean() }),
  fc.record({ kind: fc.constant("poll" as const) }),
);

describe("after close()", () => {
  it("no server or client event fires, for random operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.array(op, { maxLength: 20 }),
        fc.array(op, { maxLength: 25 }),
        async (count, closeServer, closeClients, before, after) => {
          const peers = await createMemoryPeers({ options: { inboundBufferSize: 32, maxQueuedPackets: 3 } });
          const clients = await peers.connectClients(count);
          const ids = clients.map((c) => c.getUniqueId());
          const silent: string[][] = [];
          const apply = async (o: (typeof before)[number]): Promise<void> => {
            const client = clients[("i" in o ? o.i : 0) % clients.length]!;
            try {
              switch (o.kind) {
                case "clientSend":
                  client.send(new Uint8Array(o.size));
                  break;
                case "serverSend":
                  peers.server.send(o.target <= 0 ? o.target * (ids[0] ?? 1) : (ids[o.target % ids.length] ?? o.target), new Uint8Array(o.size));
                  break;
                case "disconnectPeer":
                  peers.server.disconnectPeer(ids[o.i % ids.length]!, o.force);
                  break;
                case "clientDisconnect":
                  client.disconnect();
                  break;
                case "clientClose":
                  void client.close();
                  break;
                case "advance":
                  peers.clock.advance(o.ms);
                  break;
                case "flowing":
                  peers.network.flowing = o.on;
                  break;
                case "settle":
                  await peers.settle();
                  break;
                case "newClient": {
                  const extra = peers.client({}, { neverUpgrade: o.stalled });
                  clients.push(extra);
                  void extra.connect().catch(() => undefined);
                  break;
                }
                case "poll":
                  peers.server.poll();
                  for (const c of clients) c.poll();
                  break;
              }
            } catch (error) {
              // Only caller misuse may throw (sending while not connected, or to a peer that left).
              if (!isWsmpError(error)) throw error;
            }
          };
          for (const o of before) await apply(o);
          // A `packet` listener drains what is already queued: that happens before close() and is not counted.
          if (closeServer) {
            const log = watch(peers.server, SERVER_EVENTS);
            log.length = 0;
            silent.push(log);
            void peers.server.close();
          }
          clients.slice(0, 4).forEach((c, i) => {
            if (!closeClients[i]) return;
            const log = watch(c, CLIENT_EVENTS);
            log.length = 0;
            silent.push(log);
            void c.close();
          });
          for (const o of after) await apply(o);
          peers.network.flowing = true;
          await peers.settle();
          peers.clock.advance(10_000);
          await peers.settle();
          for (const log of silent) expect(log).toEqual([]);
        },
      ),
      { numRuns: 120 },
    );
  });
});
