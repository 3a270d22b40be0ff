import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8Decode } from "../shared/bytes.js";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { MultiplayerServer } from "../api/multiplayer-server.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import { WriteMode } from "../api/write-mode.js";
import { createRawClient, createRawServer } from "./raw-dialect.js";

async function setup(options: Partial<PeerOptions> = {}) {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const runtime = clock.runtime(createScriptedRandom([40, 50, 60]));
  const server = new MultiplayerServer(net.serverTransport(), runtime, { port: 9000, dialect: createRawServer, options });
  await server.listen();
  const dataReceived: number[] = [];
  server.on("data_received", (id) => dataReceived.push(id));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (net.flush() > 0 || i < 2); i++) await Promise.resolve();
  };
  const join = async (): Promise<MultiplayerClient> => {
    const c = new MultiplayerClient(net.clientTransport(), runtime, { url: "ws://127.0.0.1:9000", dialect: createRawClient });
    const id = c.connect();
    await settle();
    expect(await id).toBe(0);
    return c;
  };
  return { server, settle, join, dataReceived };
}

describe("raw dialect (Godot 3 gd_mp_api = false)", () => {
  it("turns the multiplayer packet API off on both sides", async () => {
    const t = await setup();
    const c = await t.join();
    c.getPeer(1)!.putPacket(fromHex("01"));
    await t.settle();
    expect(t.server.putPacket(fromHex("01"))).toBe(3);
    expect(t.server.getAvailablePacketCount()).toBe(0);
    expect(t.server.getPacket()).toBeUndefined();
    expect(t.server.getPeer(40)!.getAvailablePacketCount()).toBe(1);
    expect(c.putPacket(fromHex("01"))).toBe(3);
    expect(() => t.server.send(40, fromHex("01"))).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_STATE" }));
  });

  it("puts no header and no id on the wire", async () => {
    const t = await setup();
    const c = await t.join();
    expect(c.getUniqueId()).toBe(0);
    expect(t.server.getPeer(40)!.putPacket(fromHex("DE AD"))).toBe(0);
    await t.settle();
    expect(toHex(c.getPeer(1)!.getPacket()!)).toBe("DE AD");
    expect(c.getPeer(1)!.getAvailablePacketCount()).toBe(0);
  });

  it("keeps text and binary apart, and each peer's messages in its own queue", async () => {
    const t = await setup();
    const a = await t.join();
    const b = await t.join();
    const aPeer = a.getPeer(1)!;
    aPeer.setWriteMode(WriteMode.TEXT);
    expect(aPeer.getWriteMode()).toBe(WriteMode.TEXT);
    aPeer.putPacket("héllo");
    aPeer.setWriteMode(WriteMode.BINARY);
    aPeer.putPacket("héllo");
    b.getPeer(1)!.putPacket(fromHex("FF 00"));
    await t.settle();
    expect(t.dataReceived).toEqual([40, 40, 50]);
    const fromA = t.server.getPeer(40)!;
    const fromB = t.server.getPeer(50)!;
    expect(t.server.getPeer(40)).toBe(fromA);
    expect(fromA.getAvailablePacketCount()).toBe(2);
    expect(fromB.getAvailablePacketCount()).toBe(1);
    expect(toHex(fromB.getPacket()!)).toBe("FF 00");
    expect(fromB.wasStringPacket()).toBe(false);
    expect(utf8Decode(fromA.getPacket()!)).toBe("héllo");
    expect(fromA.wasStringPacket()).toBe(true);
    expect(utf8Decode(fromA.getPacket()!)).toBe("héllo");
    expect(fromA.wasStringPacket()).toBe(false);
    expect(fromA.getPacket()).toBeUndefined();
  });

  it("sends text from the server in text write mode, binary by default, and fires data_received on the client", async () => {
    const t = await setup();
    const c = await t.join();
    let signals = 0;
    c.on("data_received", () => signals++);
    const peer = t.server.getPeer(40)!;
    expect(peer.getWriteMode()).toBe(WriteMode.BINARY);
    peer.putPacket("bin");
    peer.setWriteMode(WriteMode.TEXT);
    peer.putPacket(fromHex("74 78 74"));
    await t.settle();
    expect(signals).toBe(2);
    const handle = c.getPeer(1)!;
    expect(utf8Decode(handle.getPacket()!)).toBe("bin");
    expect(handle.wasStringPacket()).toBe(false);
    expect(utf8Decode(handle.getPacket()!)).toBe("txt");
    expect(handle.wasStringPacket()).toBe(true);
  });

  it("refuses bytes that are not UTF-8 in text write mode, and a bad write mode", async () => {
    const t = await setup();
    await t.join();
    const peer = t.server.getPeer(40)!;
    peer.setWriteMode(WriteMode.TEXT);
    expect(peer.putPacket(fromHex("C3 28"))).toBe(30);
    expect(peer.putPacket(new Uint8Array(0))).toBe(0);
    expect(() => peer.setWriteMode(2 as WriteMode)).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_ARGUMENT" }));
  });

  it("applies maxQueuedPackets per peer: one peer's flood does not touch another's queue", async () => {
    const t = await setup({ maxQueuedPackets: 2 });
    const a = await t.join();
    const b = await t.join();
    const drops: number[] = [];
    t.server.on("packet_dropped", (d) => drops.push(d.peer));
    for (let i = 0; i < 3; i++) a.getPeer(1)!.putPacket(fromHex("0A"));
    b.getPeer(1)!.putPacket(fromHex("0B"));
    await t.settle();
    expect(t.server.getPeer(40)!.getAvailablePacketCount()).toBe(2);
    expect(t.server.getPeer(50)!.getAvailablePacketCount()).toBe(1);
    expect(drops).toEqual([40]);
    expect(t.dataReceived).toEqual([40, 40, 50]);
    t.server.getPeer(40)!.getPacket();
    a.getPeer(1)!.putPacket(fromHex("0C"));
    await t.settle();
    expect(t.server.getPeer(40)!.getAvailablePacketCount()).toBe(2);
  });

  it("discards a peer's queue when the server closes it, keeps it readable after a remote close", async () => {
    const t = await setup();
    const a = await t.join();
    const b = await t.join();
    a.getPeer(1)!.putPacket(fromHex("01"));
    b.getPeer(1)!.putPacket(fromHex("02"));
    await t.settle();
    const handleA = t.server.getPeer(40)!;
    const handleB = t.server.getPeer(50)!;
    t.server.disconnectPeer(40, 4000, "");
    b.disconnect();
    await t.settle();
    expect(handleA.getAvailablePacketCount()).toBe(0);
    expect(handleA.isConnectedToHost()).toBe(false);
    expect(t.server.getPeer(50)).toBeUndefined();
    expect(handleB.isConnectedToHost()).toBe(false);
    expect(toHex(handleB.getPacket()!)).toBe("02");
  });

  it("reports close reasons without Godot 3's trailing NUL, both ways", async () => {
    const t = await setup();
    const a = await t.join();
    const b = await t.join();
    const serverSaw: string[] = [];
    t.server.on("client_close_request", (id, code, reason) => serverSaw.push(`${id} ${code} ${JSON.stringify(reason)}`));
    const clientSaw: string[] = [];
    b.on("server_close_request", (code, reason) => clientSaw.push(`${code} ${JSON.stringify(reason)}`));
    const handleA = t.server.getPeer(40)!;
    a.disconnect(4001, "bye\0");
    t.server.getPeer(50)!.close(4002, "later\0");
    await t.settle();
    expect(serverSaw).toEqual([`40 4001 "bye"`]);
    expect(handleA.getCloseReason()).toBe("bye");
    expect(clientSaw).toEqual([`4002 "later"`]);
    expect(b.getCloseReason()).toBe("later");
    expect(b.getPeer(1)!.getCloseCode()).toBe(4002);
  });

  it("strips exactly one trailing NUL and keeps NULs inside the reason", async () => {
    const t = await setup();
    const a = await t.join();
    const b = await t.join();
    const seen: string[] = [];
    t.server.on("client_close_request", (_id, _code, reason) => seen.push(JSON.stringify(reason)));
    a.disconnect(4001, "a\0b");
    b.disconnect(4001, "x\0\0");
    await t.settle();
    expect(seen).toEqual([JSON.stringify("a\0b"), JSON.stringify("x\0")]);
  });
});
