import { describe, expect, it } from "vitest";
import type { ClientEvents } from "./multiplayer-client.js";
import type { ServerEvents } from "./multiplayer-server.js";
import type { WebSocketClientEvents } from "../godot3/websocket-client.js";
import type { WebSocketServerEvents } from "../godot3/websocket-server.js";
import { createMemoryPeers } from "../testing/index.js";

// Each `@ts-expect-error` below fails the type check (`pnpm typecheck`) if the line after it
// compiles: the event maps have no string index signature, so a misspelt event name is an error.
describe("event names are checked by the compiler", () => {
  it("a misspelt event name does not compile, on every facade", async () => {
    const peers = await createMemoryPeers();
    const client = peers.client();
    const seen: string[] = [];
    // Never called: these lines only have to fail to compile.
    const misuse = (): void => {
      // @ts-expect-error "peer_conected" is not an event of a server
      peers.server.on("peer_conected", () => seen.push("typo"));
      // @ts-expect-error nor of a client
      client.on("conected_to_server", () => seen.push("typo"));
      // @ts-expect-error a listener must take what the event carries
      peers.server.on("peer_connected", (id: string) => seen.push(id));
    };
    expect(misuse).toBeTypeOf("function");
    peers.server.on("peer_connected", (id: number) => seen.push(`joined ${id}`));
    const connected = client.connect();
    await peers.settle();
    await connected;
    expect(seen).toEqual([`joined ${client.getUniqueId()}`]);
    const closed = client.close();
    await peers.settle();
    await closed;
  });

  it("the event maps list exactly Godot's names plus wsmp's own", () => {
    type Names<E> = keyof E & string;
    const server: Record<Names<ServerEvents>, true> = {
      peer_connected: true, peer_disconnected: true, client_close_request: true, packet: true, packet_dropped: true, protocol_error: true,
      handshake_failed: true, peer_packet: true, peer_authenticating: true, peer_authentication_failed: true, scene_packet: true,
      data_received: true, listening: true, close: true, error: true,
      rpc_error: true, spawned: true, despawned: true, synchronized: true, delta_synchronized: true,
    };
    const client: Record<Names<ClientEvents>, true> = {
      connected_to_server: true, connection_failed: true, server_disconnected: true, peer_connected: true, peer_disconnected: true,
      server_close_request: true, packet: true, packet_dropped: true, protocol_error: true, peer_packet: true, peer_authenticating: true,
      peer_authentication_failed: true, scene_packet: true, data_received: true, close: true, error: true,
      rpc_error: true, spawned: true, despawned: true, synchronized: true, delta_synchronized: true,
    };
    const godot3Server: Partial<Record<Names<WebSocketServerEvents>, true>> = { client_connected: true, client_disconnected: true, client_close_request: true, data_received: true };
    const godot3Client: Partial<Record<Names<WebSocketClientEvents>, true>> = { connection_established: true, connection_closed: true, connection_error: true, server_close_request: true };
    // A `Record` over the names fails to compile when a name is added or removed without updating the list.
    expect(Object.keys(server)).toHaveLength(20);
    expect(Object.keys(client)).toHaveLength(21);
    expect(Object.keys(godot3Server)).toHaveLength(4);
    expect(Object.keys(godot3Client)).toHaveLength(4);
  });
});
