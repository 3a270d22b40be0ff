import { describe, expect, it } from "vitest";
import type { DropInfo } from "../engine/dialect-contract.js";
import { ErrorCode } from "../shared/errors.js";
import { InboundQueue, type QueueAccount } from "../engine/inbound-queue.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { ProtocolErrorInfo } from "../engine/server-engine.js";
import { createMemoryPeers } from "../testing/index.js";

const bytes = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);

async function serverWith(options: Partial<PeerOptions>, clients = 2) {
  const peers = await createMemoryPeers({ options });
  const list = await peers.connectClients(clients);
  const drops: DropInfo[] = [];
  const errors: ProtocolErrorInfo[] = [];
  peers.server.on("packet_dropped", (info) => drops.push(info));
  peers.server.on("protocol_error", (info) => errors.push(info));
  return { peers, server: peers.server, a: list[0]!, b: list[1]!, drops, errors };
}

describe("InboundQueue accounting", () => {
  it("charges and refunds each packet to its account, also on clear", () => {
    const q = new InboundQueue();
    const a: QueueAccount = { queuedPackets: 0, queuedBytes: 0 };
    const b: QueueAccount = { queuedPackets: 0, queuedBytes: 0 };
    q.push({ from: 2, data: bytes(3), isText: false, via: 2 }, a, 3);
    q.push({ from: 3, data: "hé", isText: true, via: 3 }, b, 3);
    q.push({ from: 2, data: bytes(5), isText: false, via: 2 }, a, 5);
    expect(a).toEqual({ queuedPackets: 2, queuedBytes: 8 });
    expect(q.peek()!.from).toBe(2);
    expect(q.shift()!.data).toEqual(bytes(3));
    expect(a).toEqual({ queuedPackets: 1, queuedBytes: 5 });
    q.clear();
    expect(q.length).toBe(0);
    expect(a).toEqual({ queuedPackets: 0, queuedBytes: 0 });
    expect(b).toEqual({ queuedPackets: 0, queuedBytes: 0 });
    expect(q.shift()).toBeUndefined();
  });
});

describe("inboundBufferSize as the largest message (server)", () => {
  it("delivers a message of exactly N bytes", async () => {
    const { peers, server, a, errors } = await serverWith({ inboundBufferSize: 12 });
    a.send(bytes(12));
    await peers.settle();
    expect(server.getPacket()).toEqual(bytes(12));
    a.send("\u20ac\u20ac\u20ac\u20ac"); // 12 UTF-8 bytes
    await peers.settle();
    expect(server.receive()!.data).toBe("\u20ac\u20ac\u20ac\u20ac");
    expect(errors).toEqual([]);
    expect(server.hasPeer(a.getUniqueId())).toBe(true);
  });

  it("closes the sender of N+1 bytes with 1009 and leaves other peers alone", async () => {
    for (const big of [bytes(13), "\u20ac\u20ac\u20ac\u20aca"]) {
      const { peers, server, a, b, errors } = await serverWith({ inboundBufferSize: 12 });
      const idA = a.getUniqueId();
      const left: number[] = [];
      server.on("peer_disconnected", (id, info) => left.push(id, info.code));
      let clientSaw: [number, string] | undefined;
      a.on("server_close_request", (code, reason) => (clientSaw = [code, reason]));
      a.send(big);
      await peers.settle();
      expect(errors).toEqual([{ peer: idA, code: ErrorCode.MESSAGE_TOO_BIG, closeCode: 1009, message: expect.any(String) }]);
      expect(left).toEqual([idA, 1009]);
      expect(clientSaw).toEqual([1009, "Message too big"]);
      expect(server.getAvailablePacketCount()).toBe(0);
      expect(server.peers).toEqual([b.getUniqueId()]);
      b.send(bytes(12));
      await peers.settle();
      expect(server.getPacketPeer()).toBe(b.getUniqueId());
    }
  });
});

describe("inboundBufferSize as the largest message (client)", () => {
  it("delivers N bytes and closes the connection with 1009 on N+1", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { inboundBufferSize: 12 } });
    const id = client!.getUniqueId();
    const errors: ProtocolErrorInfo[] = [];
    client!.on("protocol_error", (info) => errors.push(info));
    const serverSaw: number[] = [];
    peers.server.on("client_close_request", (_id, code) => serverSaw.push(code));
    peers.server.send(id, bytes(12));
    await peers.settle();
    expect(client!.getAvailablePacketCount()).toBe(1);
    peers.server.send(id, bytes(13));
    await peers.settle();
    expect(errors).toEqual([{ peer: 1, code: ErrorCode.MESSAGE_TOO_BIG, closeCode: 1009, message: expect.any(String) }]);
    expect(serverSaw).toEqual([1009]);
    expect((await client!.whenClosed).code).toBe(1009);
  });
});

describe("per-peer inbound queue (server)", () => {
  it("queues maxQueuedPackets packets per peer and drops the next one with packet_dropped", async () => {
    const { peers, server, a, b, drops } = await serverWith({ maxQueuedPackets: 3 });
    const idA = a.getUniqueId();
    for (let i = 0; i < 4; i++) a.send(bytes(1, i));
    for (let i = 0; i < 3; i++) b.send(bytes(1, 10 + i)); // b's own share is untouched by a's flood
    await peers.settle();
    expect(server.getAvailablePacketCount()).toBe(6);
    expect(drops).toEqual([{ peer: idA, direction: "in", size: 1, code: ErrorCode.INBOUND_FULL, reason: expect.any(String) }]);
    expect(server.droppedPacketCount).toBe(1);
    expect(server.hasPeer(idA)).toBe(true);
    // Reading one of a's packets frees one slot for a.
    expect(server.getPacket()).toEqual(bytes(1, 0));
    a.send(bytes(1, 4));
    a.send(bytes(1, 5));
    await peers.settle();
    expect(server.droppedPacketCount).toBe(2);
    const order: number[] = [];
    for (let p = server.receive(); p; p = server.receive()) order.push((p.data as Uint8Array)[0]!);
    expect(order).toEqual([1, 2, 10, 11, 12, 4]);
  });

  it("with overflow 'close', closes the flooding peer with 1008", async () => {
    const { peers, server, a, b, drops, errors } = await serverWith({ maxQueuedPackets: 3, overflow: "close" });
    const idA = a.getUniqueId();
    let clientSaw: [number, string] | undefined;
    a.on("server_close_request", (code, reason) => (clientSaw = [code, reason]));
    for (let i = 0; i < 4; i++) a.send(bytes(1, i));
    await peers.settle();
    expect(drops).toEqual([]);
    expect(errors).toEqual([{ peer: idA, code: ErrorCode.INBOUND_FULL, closeCode: 1008, message: expect.any(String) }]);
    expect(clientSaw).toEqual([1008, "Inbound queue full"]);
    expect(server.peers).toEqual([b.getUniqueId()]);
  });

  it("holds at most inboundBufferSize bytes per peer", async () => {
    const { peers, server, a, b, drops } = await serverWith({ inboundBufferSize: 10 });
    a.send(bytes(6));
    a.send(bytes(4)); // exactly 10 bytes queued
    a.send(bytes(1)); // one past
    b.send(bytes(10));
    await peers.settle();
    expect(server.getAvailablePacketCount()).toBe(3);
    expect(drops.map((d) => [d.peer, d.size, d.code])).toEqual([[a.getUniqueId(), 1, ErrorCode.INBOUND_FULL]]);
    server.getPacket(); // frees a's 6 bytes
    a.send(bytes(6));
    a.send(bytes(1));
    await peers.settle();
    expect(server.droppedPacketCount).toBe(2);
    expect(server.getAvailablePacketCount()).toBe(3);
  });

  it("does not count packets a push consumer already took", async () => {
    const { peers, server, a, drops } = await serverWith({ maxQueuedPackets: 2 });
    let got = 0;
    server.on("packet", () => got++);
    for (let i = 0; i < 10; i++) a.send(bytes(1));
    await peers.settle();
    expect(got).toBe(10);
    expect(drops).toEqual([]);
  });
});

describe("inbound queue (client)", () => {
  it("queues maxQueuedPackets packets and drops the next one", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { maxQueuedPackets: 2 } });
    const drops: DropInfo[] = [];
    client!.on("packet_dropped", (info) => drops.push(info));
    for (let i = 0; i < 3; i++) peers.server.send(client!.getUniqueId(), bytes(1, i));
    await peers.settle();
    expect(client!.getAvailablePacketCount()).toBe(2);
    expect(drops).toEqual([{ peer: 1, direction: "in", size: 1, code: ErrorCode.INBOUND_FULL, reason: expect.any(String) }]);
    expect(client!.droppedPacketCount).toBe(1);
    expect(client!.getConnectionStatus()).toBe(2);
  });

  it("holds at most inboundBufferSize bytes", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { inboundBufferSize: 8 } });
    const id = client!.getUniqueId();
    peers.server.send(id, bytes(5));
    peers.server.send(id, bytes(3));
    peers.server.send(id, bytes(1));
    await peers.settle();
    expect(client!.getAvailablePacketCount()).toBe(2);
    expect(client!.droppedPacketCount).toBe(1);
  });

  it("with overflow 'close', closes the connection with 1008", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1, { options: { maxQueuedPackets: 2, overflow: "close" } });
    const serverSaw: number[] = [];
    peers.server.on("client_close_request", (_id, code) => serverSaw.push(code));
    const errors: ProtocolErrorInfo[] = [];
    client!.on("protocol_error", (info) => errors.push(info));
    for (let i = 0; i < 3; i++) peers.server.send(client!.getUniqueId(), bytes(1, i));
    await peers.settle();
    expect(errors.map((e) => [e.code, e.closeCode])).toEqual([[ErrorCode.INBOUND_FULL, 1008]]);
    expect(serverSaw).toEqual([1008]);
    expect((await client!.whenClosed).code).toBe(1008);
  });
});
