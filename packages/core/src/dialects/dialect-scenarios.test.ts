import { describe, expect, it } from "vitest";
import type { ClientDialectFactory, ServerDialectFactory } from "../engine/dialect-contract.js";
import { GodotError } from "../shared/constants.js";
import { createMemoryPeers, type MemoryPeers } from "../testing/index.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message } from "./godot3-dialect.js";
import { createGodot4Client, createGodot4Server } from "./godot4-dialect.js";
import { createRawClient, createRawServer } from "./raw-dialect.js";
import { createSceneClient } from "./scene/scene-client-dialect.js";
import { createSceneServer } from "./scene/scene-server-dialect.js";

/**
 * Scenarios every dialect shares, run over each of them (as the conformance suite runs over the
 * adapters): the largest packet, empty packets, a full inbound queue, how a peer leaves.
 */
interface DialectCase {
  readonly name: string;
  readonly server: ServerDialectFactory;
  readonly client: ClientDialectFactory;
  /** Bytes the protocol reserves per packet (Godot's `get_max_packet_size` subtracts them). */
  readonly overhead: number;
  /** putPacket / getPacket work (raw mode turns them off). */
  readonly packetApi: boolean;
  /** The receiver keeps what putPacket sent for getPacket (the scene layer surfaces each packet as an event instead). */
  readonly queued: boolean;
  /** A client may name another client as a packet's target (the server relays it). */
  readonly addressesPeers: boolean;
  /** The signal a stored packet fires on each side, with its arguments, when the dialect has one. */
  readonly arrival?: { readonly server: string; readonly client: string; readonly clientArgs: (serverId: number) => unknown[] };
  /** One wire message the server's application could send, as the client's dialect expects it. */
  readonly wire: (payload: Uint8Array) => Uint8Array;
}

const DIALECTS: readonly DialectCase[] = [
  { name: "godot4", server: createGodot4Server, client: createGodot4Client, overhead: 9, packetApi: true, queued: true, addressesPeers: false, wire: (p) => p },
  {
    name: "godot3",
    server: createGodot3Server,
    client: createGodot3Client,
    overhead: 9,
    packetApi: true,
    queued: true,
    addressesPeers: true,
    arrival: { server: "peer_packet", client: "peer_packet", clientArgs: () => [1] },
    wire: (p) => encodeGodot3Message(0, 1, 0, p),
  },
  {
    name: "raw",
    server: createRawServer,
    client: createRawClient,
    overhead: 0,
    packetApi: false,
    queued: false,
    addressesPeers: false,
    arrival: { server: "data_received", client: "data_received", clientArgs: () => [] },
    wire: (p) => p,
  },
  { name: "scene", server: createSceneServer(), client: createSceneClient(), overhead: 9, packetApi: true, queued: false, addressesPeers: true, wire: (p) => p },
];

async function setup(d: DialectCase, options: Partial<PeerOptions> = {}): Promise<MemoryPeers & { join(count: number): ReturnType<MemoryPeers["connectClients"]> }> {
  const peers = await createMemoryPeers({ dialect: d.server, options });
  return Object.assign(peers, { join: (count: number) => peers.connectClients(count, { dialect: d.client, options }) });
}

for (const d of DIALECTS) {
  describe(`${d.name} dialect`, () => {
    it(`reports outboundBufferSize - ${d.overhead} as the largest packet, or 2^31-1 when the byte check is off`, async () => {
      const peers = await setup(d);
      const client = peers.client({ dialect: d.client });
      expect([peers.server.getMaxPacketSize(), client.getMaxPacketSize()]).toEqual([65535 - d.overhead, 65535 - d.overhead]);
      peers.server.outboundBufferSize = 100;
      client.outboundBufferSize = 100;
      expect([peers.server.getMaxPacketSize(), client.getMaxPacketSize()]).toEqual([100 - d.overhead, 100 - d.overhead]);
      peers.server.outboundBufferSize = 0;
      client.outboundBufferSize = 0;
      expect([peers.server.getMaxPacketSize(), client.getMaxPacketSize()]).toEqual([0x7fffffff, 0x7fffffff]);
    });

    if (d.packetApi) {
      it("sends nothing for an empty packet on either side and reports OK, as Godot's PacketPeer", async () => {
        const peers = await setup(d);
        const [client] = await peers.join(1);
        const got: unknown[] = [];
        client!.on("packet", (p) => got.push(p));
        peers.server.on("packet", (p) => void got.push(p));
        for (const target of [0, client!.getUniqueId(), -5]) {
          peers.server.targetPeer = target;
          expect(peers.server.putPacket(new Uint8Array(0))).toBe(GodotError.OK);
          expect(peers.server.putPacket("")).toBe(GodotError.OK);
        }
        expect(client!.putPacket(new Uint8Array(0))).toBe(GodotError.OK);
        expect(client!.putPacket("")).toBe(GodotError.OK);
        expect(peers.network.inFlight).toBe(0);
        await peers.settle();
        expect(got).toEqual([]);
      });
    }

    it(`counts the packets stored for getPacket on each side${d.queued ? "" : ": none here"}`, async () => {
      const peers = await setup(d);
      const [client] = await peers.join(1);
      const id = d.packetApi ? client!.getUniqueId() : peers.server.peers[0]!;
      if (d.packetApi) {
        peers.server.targetPeer = id;
        peers.server.putPacket(new Uint8Array([1]));
        client!.putPacket(new Uint8Array([2]));
      } else {
        peers.server.getPeer(id)!.putPacket(new Uint8Array([1]));
        client!.getPeer(1)!.putPacket(new Uint8Array([2]));
      }
      await peers.settle();
      const stored = d.queued ? 1 : 0;
      expect([peers.server.getAvailablePacketCount(), client!.getAvailablePacketCount()]).toEqual([stored, stored]);
    });

    it(d.addressesPeers ? "a client may send to another client" : "a client sends to the server only", async () => {
      const peers = await setup(d);
      const [client, other] = await peers.join(2);
      const to = other!.getUniqueId() || 7;
      if (d.addressesPeers) expect(() => client!.send(new Uint8Array([1]), to)).not.toThrow();
      else {
        expect(() => client!.send(new Uint8Array([1]), to)).toThrow(
          `send: this client can only send to the server (peer 1), got ${to}; Godot 4 clients reach other peers through the scene option's relay`,
        );
      }
    });

    const arrival = d.arrival;
    if (arrival) {
      it(`a packet dropped because the inbound queue is full fires no ${arrival.server} on either side`, async () => {
        const peers = await setup(d);
        const [client] = await peers.join(1);
        peers.server.maxQueuedPackets = 1;
        client!.maxQueuedPackets = 1;
        const id = d.packetApi ? client!.getUniqueId() : peers.server.peers[0]!;
        const serverSaw: unknown[][] = [];
        const clientSaw: unknown[][] = [];
        listen(peers.server, arrival.server, (...args) => void serverSaw.push(args));
        listen(client!, arrival.client, (...args) => void clientSaw.push(args));
        let dropped = 0;
        peers.server.on("packet_dropped", () => void dropped++);
        client!.on("packet_dropped", () => void dropped++);
        for (const byte of [1, 2, 3]) {
          peers.server.getPeer(id)!.putPacket(d.wire(new Uint8Array([byte])));
          client!.getPeer(1)!.putPacket(d.packetApi ? encodeGodot3Message(0, id, 1, new Uint8Array([byte])) : new Uint8Array([byte]));
        }
        await peers.settle();
        expect(serverSaw).toEqual([[id]]);
        expect(clientSaw).toEqual([arrival.clientArgs(id)]);
        expect(dropped).toBe(4);
        expect(peers.server.droppedPacketCount).toBe(2);
        expect(client!.droppedPacketCount).toBe(2);
      });
    }

    it("each side learns how the other left: the code, the reason, whether it was clean and who closed", async () => {
      const peers = await setup(d);
      const [client] = await peers.join(1);
      const id = peers.server.peers[0]!;
      const serverSaw: unknown[] = [];
      const clientSaw: unknown[] = [];
      peers.server.on("peer_disconnected", (peer, info) => serverSaw.push([peer, info]));
      client!.on("peer_disconnected", (peer, info) => clientSaw.push([peer, info]));
      peers.server.disconnectPeer(id, 4000, "bye");
      await peers.settle();
      expect(serverSaw).toEqual([[id, { code: 4000, reason: "bye", wasClean: true, byServer: true }]]);
      expect(clientSaw).toEqual([[1, { code: 4000, reason: "bye", wasClean: true, byServer: true }]]);
    });
  });
}

/** Subscribes to an event named at run time (the scenarios name each dialect's arrival event as a string). */
function listen(target: object, name: string, listener: (...args: unknown[]) => void): void {
  (target as { on(name: string, listener: (...args: unknown[]) => void): unknown }).on(name, listener);
}
