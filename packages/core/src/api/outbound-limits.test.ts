import { describe, expect, it } from "vitest";
import { GodotError } from "../shared/constants.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { ErrorCode, type WsmpError } from "../shared/errors.js";
import { createMemoryPeers } from "../testing/index.js";

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(7);

function thrownCode(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return `${(error as WsmpError).code}/${(error as WsmpError).godotError}`;
  }
}

describe("outboundBufferSize (client), with the network stalled", () => {
  it("accepts N buffered bytes and refuses one more with ERR_OUT_OF_MEMORY; the connection stays open", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { outboundBufferSize: 10 } });
    const drops: DropInfo[] = [];
    client!.on("packet_dropped", (info) => drops.push(info));
    peers.network.flowing = false;
    expect(client!.putPacket(bytes(6))).toBe(GodotError.OK);
    expect(client!.putPacket(bytes(4))).toBe(GodotError.OK);
    expect(client!.getCurrentOutboundBufferedAmount()).toBe(10);
    expect(client!.putPacket(bytes(1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(thrownCode(() => client!.send(bytes(1)))).toBe(`${ErrorCode.OUTBOUND_FULL}/6`);
    expect(drops).toEqual([
      { peer: 1, direction: "out", size: 1, code: ErrorCode.OUTBOUND_FULL, reason: expect.any(String) },
      { peer: 1, direction: "out", size: 1, code: ErrorCode.OUTBOUND_FULL, reason: expect.any(String) },
    ]);
    expect(client!.droppedPacketCount).toBe(2);
    expect(client!.getConnectionStatus()).toBe(2);
    peers.network.flowing = true;
    await peers.settle();
    expect(client!.getCurrentOutboundBufferedAmount()).toBe(0);
    expect(client!.putPacket(bytes(10))).toBe(GodotError.OK);
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(3);
  });

  it("counts a text message by its UTF-8 bytes", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { outboundBufferSize: 6 } });
    peers.network.flowing = false;
    expect(client!.putPacket("\u20ac\u20ac")).toBe(GodotError.OK);
    expect(client!.putPacket("a")).toBe(GodotError.ERR_OUT_OF_MEMORY);
  });

  it("refuses a message once maxQueuedPackets messages wait to be written", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { maxQueuedPackets: 3 } });
    peers.network.flowing = false;
    for (let i = 0; i < 3; i++) expect(client!.putPacket(bytes(1))).toBe(GodotError.OK);
    expect(client!.putPacket(bytes(1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(thrownCode(() => client!.send(bytes(1)))).toBe(`${ErrorCode.OUTBOUND_FULL}/6`);
  });

  it("turns the byte check off when outboundBufferSize <= 0", async () => {
    for (const size of [0, -1]) {
      const peers = await createMemoryPeers({ options: { inboundBufferSize: 1 << 20 } });
      const [client] = await peers.connectClients(1, { options: { outboundBufferSize: size } });
      peers.network.flowing = false;
      expect(client!.putPacket(bytes(100_000))).toBe(GodotError.OK);
      expect(client!.putPacket(bytes(100_000))).toBe(GodotError.OK);
      expect(client!.getMaxPacketSize()).toBe(0x7fffffff);
      peers.network.flowing = true;
      await peers.settle();
      expect(peers.server.getAvailablePacketCount()).toBe(2);
    }
  });

  it("applies a changed limit at once", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1);
    peers.network.flowing = false;
    expect(client!.putPacket(bytes(5))).toBe(GodotError.OK);
    client!.outboundBufferSize = 5;
    expect(client!.putPacket(bytes(1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
  });
});

describe("outboundBufferSize (server), with the network stalled", () => {
  async function stalledServer(outboundBufferSize: number) {
    const peers = await createMemoryPeers({ options: { outboundBufferSize } });
    const [a, b] = await peers.connectClients(2);
    const drops: DropInfo[] = [];
    peers.server.on("packet_dropped", (info) => drops.push(info));
    peers.network.flowing = false;
    return { peers, server: peers.server, a: a!, b: b!, drops };
  }

  it("a peer handle reports ERR_OUT_OF_MEMORY one byte past the limit", async () => {
    const { server, a, drops } = await stalledServer(10);
    const peer = server.getPeer(a.getUniqueId())!;
    expect(peer.send(bytes(10))).toBe(GodotError.OK);
    expect(peer.getCurrentOutboundBufferedAmount()).toBe(10);
    expect(peer.send(bytes(1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(drops.map((d) => [d.peer, d.direction, d.size, d.code])).toEqual([[a.getUniqueId(), "out", 1, ErrorCode.OUTBOUND_FULL]]);
    expect(server.hasPeer(a.getUniqueId())).toBe(true);
    expect(server.droppedPacketCount).toBe(1);
  });

  it("putPacket to one full peer returns OK as Godot does, but reports packet_dropped", async () => {
    const { server, a, drops } = await stalledServer(10);
    server.targetPeer = a.getUniqueId();
    expect(server.putPacket(bytes(10))).toBe(GodotError.OK);
    expect(server.putPacket(bytes(1))).toBe(GodotError.OK);
    expect(drops).toHaveLength(1);
  });

  it("send(to) throws WSMP_ERR_OUTBOUND_FULL when nothing could be sent to that peer", async () => {
    const { server, a, b, drops } = await stalledServer(10);
    server.send(a.getUniqueId(), bytes(10));
    expect(thrownCode(() => server.send(a.getUniqueId(), bytes(1)))).toBe(`${ErrorCode.OUTBOUND_FULL}/6`);
    // A broadcast that reached some peers does not throw; the full peer is reported.
    expect(thrownCode(() => server.send(0, bytes(1)))).toBeUndefined();
    expect(thrownCode(() => server.send(-b.getUniqueId(), bytes(1)))).toBeUndefined();
    expect(drops.map((d) => d.peer)).toEqual([a.getUniqueId(), a.getUniqueId(), a.getUniqueId()]);
    expect(server.getPeer(b.getUniqueId())!.getCurrentOutboundBufferedAmount()).toBe(1);
  });

  it("refuses a message once maxQueuedPackets messages wait to be written", async () => {
    const peers = await createMemoryPeers({ options: { maxQueuedPackets: 2 } });
    const [a] = await peers.connectClients(1);
    peers.network.flowing = false;
    const peer = peers.server.getPeer(a!.getUniqueId())!;
    expect(peer.send(bytes(1))).toBe(GodotError.OK);
    expect(peer.send(bytes(1))).toBe(GodotError.OK);
    expect(peer.send(bytes(1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
  });

  it("drops a connection whose id message does not fit the outbound buffer", async () => {
    const peers = await createMemoryPeers({ options: { outboundBufferSize: 3 } });
    const failed: string[] = [];
    peers.server.on("handshake_failed", (info) => failed.push(info.code));
    const client = peers.client();
    const result = client.connect().then(
      () => "connected",
      () => "failed",
    );
    await peers.settle();
    expect(await result).toBe("failed");
    expect(failed).toEqual([ErrorCode.OUTBOUND_FULL]);
    expect(peers.server.peers).toEqual([]);
  });
});
