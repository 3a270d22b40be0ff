import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type CloseInfo, type DropInfo, ErrorCode, GodotError, type Packet, type ProtocolErrorInfo } from "../src/index.js";
import { client, closeAll, clients, listen, next, pause, track, until } from "./helpers.js";

afterEach(closeAll);

const bytes = (n: number, fill = 0x5a): Uint8Array => new Uint8Array(n).fill(fill);

describe("inboundBufferSize", () => {
  it("server: a message of exactly N bytes is delivered, N+1 closes that peer with 1009 and spares the others", async () => {
    const N = 1000;
    const l = await listen({ inboundBufferSize: N });
    const [big, other] = await clients(l, 2);
    const packets: Packet[] = [];
    l.server.on("packet", (p) => packets.push(p));
    big!.send(bytes(N));
    await until(() => packets.length === 1);
    expect((packets[0]!.data as Uint8Array).byteLength).toBe(N);

    const errors: ProtocolErrorInfo[] = [];
    l.server.on("protocol_error", (info) => errors.push(info));
    const left = next<[number, CloseInfo]>(l.server, "peer_disconnected");
    big!.send(bytes(N + 1));
    const [id, info] = await left;
    expect(id).toBe(big!.getUniqueId());
    expect(info.code).toBe(1009);
    expect(errors).toMatchObject([{ peer: big!.getUniqueId(), code: ErrorCode.MESSAGE_TOO_BIG, closeCode: 1009 }]);
    expect((await big!.whenClosed).code).toBe(1009);
    expect(big!.getCloseCode()).toBe(1009);
    expect(packets).toHaveLength(1);

    other!.send(bytes(N, 1));
    await until(() => packets.length === 2);
    expect(packets[1]!.from).toBe(other!.getUniqueId());
    expect(l.server.peers).toEqual([other!.getUniqueId()]);
  });

  it("server: a text message counts its UTF-8 bytes", async () => {
    const l = await listen({ inboundBufferSize: 10 });
    const [c] = await clients(l, 1);
    const packets: Packet[] = [];
    l.server.on("packet", (p) => packets.push(p));
    c!.send("ééééé"); // 10 bytes
    await until(() => packets.length === 1);
    expect(packets[0]!.data).toBe("ééééé");
    c!.send("éééééa"); // 11 bytes
    expect((await c!.whenClosed).code).toBe(1009);
  });

  it("client: exactly N bytes arrive, N+1 makes the client close with 1009 and other clients stay", async () => {
    const N = 2048;
    const l = await listen();
    const [small] = await clients(l, 1, { inboundBufferSize: N });
    const [other] = await clients(l, 1);
    const got: number[] = [];
    small!.on("packet", (p) => got.push((p.data as Uint8Array).byteLength));
    l.server.send(small!.getUniqueId(), bytes(N));
    await until(() => got.length === 1);
    expect(got).toEqual([N]);

    const errors: ProtocolErrorInfo[] = [];
    small!.on("protocol_error", (info) => errors.push(info));
    const left = next<[number, CloseInfo]>(l.server, "peer_disconnected");
    l.server.send(small!.getUniqueId(), bytes(N + 1));
    const closed = await small!.whenClosed;
    expect(closed.code).toBe(1009);
    expect(errors).toMatchObject([{ code: ErrorCode.MESSAGE_TOO_BIG, closeCode: 1009 }]);
    const [id, info] = await left;
    expect(id).toBe(small!.getUniqueId());
    expect(info.code).toBe(1009);
    expect(got).toEqual([N]);

    const otherGot = next<[Packet]>(other!, "packet");
    l.server.send(0, bytes(N + 1));
    expect(((await otherGot)[0].data as Uint8Array).byteLength).toBe(N + 1);
  });

  it("applies a new inboundBufferSize to connections made after the change", async () => {
    const l = await listen({ inboundBufferSize: 100 });
    l.server.inboundBufferSize = 200;
    const [c] = await clients(l, 1);
    const packets: Packet[] = [];
    l.server.on("packet", (p) => packets.push(p));
    c!.send(bytes(200));
    await until(() => packets.length === 1);
    c!.send(bytes(201));
    expect((await c!.whenClosed).code).toBe(1009);
  });
});

describe("outboundBufferSize", () => {
  it("with an empty buffer N bytes are accepted and N+1 refused with ERR_OUT_OF_MEMORY, the peer staying open", async () => {
    const N = 4096;
    const l = await listen({ outboundBufferSize: N });
    const [c] = await clients(l, 1);
    const id = c!.getUniqueId();
    const peer = l.server.getPeer(id)!;
    const drops: DropInfo[] = [];
    l.server.on("packet_dropped", (info) => drops.push(info));
    expect(peer.getCurrentOutboundBufferedAmount()).toBe(0);
    expect(peer.send(bytes(N + 1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(drops).toMatchObject([{ peer: id, direction: "out", size: N + 1, code: ErrorCode.OUTBOUND_FULL }]);
    // Godot's put_packet ignores per-peer send errors: the refusal shows only as packet_dropped.
    l.server.targetPeer = id;
    expect(l.server.putPacket(bytes(N + 1))).toBe(GodotError.OK);
    expect(drops).toHaveLength(2);
    // The idiomatic send to one peer throws, as nothing was sent.
    expect(() => l.server.send(id, bytes(N + 1))).toThrow(expect.objectContaining({ code: ErrorCode.OUTBOUND_FULL, godotError: GodotError.ERR_OUT_OF_MEMORY }));
    expect(drops).toHaveLength(3);
    expect(peer.getCurrentOutboundBufferedAmount()).toBe(0);
    const got = next<[Packet]>(c!, "packet");
    expect(peer.send(bytes(N))).toBe(GodotError.OK);
    expect(((await got)[0].data as Uint8Array).byteLength).toBe(N);
    expect(l.server.hasPeer(id)).toBe(true);

    // The client side follows the same rule.
    c!.outboundBufferSize = N;
    expect(c!.putPacket(bytes(N + 1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    const atServer = next<[Packet]>(l.server, "packet");
    expect(c!.putPacket(bytes(N))).toBe(GodotError.OK);
    expect(((await atServer)[0].data as Uint8Array).byteLength).toBe(N);
  });

  it("counts bytes still buffered for a stalled reader, and recovers once it reads", async () => {
    const l = await listen();
    // A raw ws client that stops reading right after it got its id.
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    let socket: Socket | undefined;
    raw.on("upgrade", (res) => (socket = res.socket as Socket));
    let received = 0;
    const firstMessage = new Promise<Buffer>((resolve) => raw.once("message", (data) => resolve(data as Buffer)));
    raw.on("message", (data) => (received += (data as Buffer).byteLength));
    const idMessage = await firstMessage;
    const id = idMessage.readInt32LE(0);
    await until(() => l.server.hasPeer(id));
    socket!.pause();

    const peer = l.server.getPeer(id)!;
    const chunk = bytes(16 * 1024);
    let accepted = 0;
    let result: GodotError = GodotError.OK;
    // Fill the kernel buffers (a few MB on loopback) until bytes wait in user space.
    for (let i = 0; i < 4000 && result === GodotError.OK; i++) {
      result = peer.send(chunk);
      if (result === GodotError.OK) accepted++;
      if (i % 64 === 63) await pause(1);
    }
    expect(result).toBe(GodotError.ERR_OUT_OF_MEMORY);
    const buffered = peer.getCurrentOutboundBufferedAmount();
    expect(buffered).toBeGreaterThan(65535 - chunk.byteLength);
    expect(buffered).toBeLessThanOrEqual(65535);
    expect(l.server.hasPeer(id)).toBe(true);

    socket!.resume();
    await until(() => received === 4 + accepted * chunk.byteLength, 10_000, "the stalled reader to catch up");
    await until(() => peer.getCurrentOutboundBufferedAmount() === 0);
    expect(peer.send(chunk)).toBe(GodotError.OK);
  });

  it("broadcasts many to a turn to a stalled reader: its buffer never passes outboundBufferSize, the overflow is dropped and reported, and it catches up in order", async () => {
    const l = await listen();
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    let socket: Socket | undefined;
    raw.on("upgrade", (res) => (socket = res.socket as Socket));
    const seen: number[] = [];
    const firstMessage = new Promise<Buffer>((resolve) => raw.once("message", (data) => resolve(data as Buffer)));
    raw.on("message", (data) => seen.push((data as Buffer).readUInt32LE(0)));
    const id = (await firstMessage).readInt32LE(0);
    await until(() => l.server.hasPeer(id));
    socket!.pause();
    const peer = l.server.getPeer(id)!;
    const drops: DropInfo[] = [];
    l.server.on("packet_dropped", (info) => drops.push(info));
    // 1 KiB broadcasts, 256 to a turn (each turn's socket is corked after its first broadcast),
    // until the kernel's buffers are full and the server has to refuse.
    const chunk = new Uint8Array(1024);
    let sent = 0;
    let maxBuffered = 0;
    for (let turn = 0; turn < 200 && drops.length === 0; turn++) {
      for (let i = 0; i < 256 && drops.length === 0; i++) {
        new DataView(chunk.buffer).setUint32(0, sent, true);
        l.server.send(0, chunk);
        sent++;
        maxBuffered = Math.max(maxBuffered, peer.getCurrentOutboundBufferedAmount());
      }
      await pause(1);
    }
    expect(drops.length).toBeGreaterThan(0);
    expect(drops[0]).toMatchObject({ peer: id, direction: "out", code: ErrorCode.OUTBOUND_FULL });
    expect(maxBuffered).toBeLessThanOrEqual(65535);
    expect(maxBuffered).toBeGreaterThan(65535 - 2 * chunk.byteLength);
    const refused = drops[0]!;
    expect(refused.size).toBe(chunk.byteLength);
    // Once it reads, the reader gets every broadcast before the refused one, in order.
    socket!.resume();
    await until(() => seen.length >= sent - drops.length + 1, 10_000, "the stalled reader to catch up");
    const received = seen.slice(1);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received).toEqual(Array.from({ length: sent - 1 }, (_, i) => i));
  });

  it("maxQueuedPackets also bounds messages that wait to be written to a stalled reader", async () => {
    // The byte limit is off, so only the message count can refuse a send.
    const l = await listen({ maxQueuedPackets: 8, outboundBufferSize: 0 });
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    let socket: Socket | undefined;
    raw.on("upgrade", (res) => (socket = res.socket as Socket));
    const idMessage = await new Promise<Buffer>((resolve) => raw.once("message", (data) => resolve(data as Buffer)));
    const id = idMessage.readInt32LE(0);
    await until(() => l.server.hasPeer(id));
    socket!.pause();
    const peer = l.server.getPeer(id)!;
    // Messages the kernel takes at once do not wait; fill its buffers until one stays with us.
    const chunk = bytes(16 * 1024);
    for (let i = 0; i < 4000 && peer.getCurrentOutboundBufferedAmount() === 0; i++) {
      expect(peer.send(chunk)).toBe(GodotError.OK);
      if (i % 64 === 63) await pause(1);
    }
    expect(peer.getCurrentOutboundBufferedAmount()).toBeGreaterThan(0);
    // One message waits; seven more make the eight allowed, the ninth is refused.
    const results: GodotError[] = [];
    for (let i = 0; i < 8; i++) results.push(peer.send(bytes(1, i)));
    expect(results.slice(0, 7)).toEqual(Array(7).fill(GodotError.OK));
    expect(results[7]).toBe(GodotError.ERR_OUT_OF_MEMORY);
    // Once the reader catches up and the writes complete, sending works again.
    socket!.resume();
    await until(() => peer.getCurrentOutboundBufferedAmount() === 0, 10_000, "the stalled reader to catch up");
    await until(() => peer.send(bytes(1)) === GodotError.OK, 5000, "the queued writes to complete");
  });
});

describe("maxQueuedPackets (inbound)", () => {
  it("drops the packet that does not fit a peer's queue and reports packet_dropped; other peers still queue", async () => {
    const l = await listen({ maxQueuedPackets: 3 });
    const [a, b] = await clients(l, 2);
    const drops: DropInfo[] = [];
    l.server.on("packet_dropped", (info) => drops.push(info));
    for (let i = 0; i < 4; i++) a!.send(bytes(1, i));
    await until(() => drops.length === 1);
    expect(drops[0]).toMatchObject({ peer: a!.getUniqueId(), direction: "in", code: ErrorCode.INBOUND_FULL });
    expect(l.server.getAvailablePacketCount()).toBe(3);
    b!.send(bytes(1, 9));
    await until(() => l.server.getAvailablePacketCount() === 4);
    expect(l.server.hasPeer(a!.getUniqueId())).toBe(true);
    expect(l.server.droppedPacketCount).toBe(1);
    const seen: number[] = [];
    while (l.server.getAvailablePacketCount() > 0) seen.push(l.server.getPacket()![0]!);
    expect(seen).toEqual([0, 1, 2, 9]);
  });

  it("with overflow 'close' the peer whose queue overflows is closed with 1008", async () => {
    const l = await listen({ maxQueuedPackets: 2, overflow: "close" });
    const [a, b] = await clients(l, 2);
    for (let i = 0; i < 3; i++) a!.send(bytes(1, i));
    expect((await a!.whenClosed).code).toBe(1008);
    expect(l.server.hasPeer(b!.getUniqueId())).toBe(true);
    // The packets queued before the overflow stay readable, as in Godot.
    expect(l.server.getAvailablePacketCount()).toBe(2);
    expect(l.server.getPacketPeer()).toBe(a!.getUniqueId());
  });

  it("client: a full inbound queue drops with packet_dropped", async () => {
    const l = await listen();
    const c = client(l.url, { maxQueuedPackets: 2 });
    await c.connect();
    await until(() => l.server.hasPeer(c.getUniqueId()));
    const dropped = next<[DropInfo]>(c, "packet_dropped");
    for (let i = 0; i < 3; i++) l.server.send(c.getUniqueId(), bytes(1, i));
    expect((await dropped)[0]).toMatchObject({ peer: 1, direction: "in", code: ErrorCode.INBOUND_FULL });
    expect(c.getAvailablePacketCount()).toBe(2);
  });
});
