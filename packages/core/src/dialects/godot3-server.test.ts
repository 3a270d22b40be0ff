import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../shared/bytes.js";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import type { DropInfo, ServerDialectFactory } from "../engine/dialect-contract.js";
import type { Packet } from "../engine/inbound-queue.js";
import type { ProtocolErrorInfo } from "../engine/server-engine.js";
import { MultiplayerServer } from "../api/multiplayer-server.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message, encodeGodot3Sys, Godot3Sys } from "./godot3-dialect.js";

/** A godot3 server on the memory network with scripted ids, logging every message it sends as "to: HEX". */
async function setup(ids: readonly number[]) {
  const clock = new ManualClock();
  const network = new MemoryNetwork();
  const runtime = clock.runtime(createScriptedRandom(ids));
  const wire: string[] = [];
  const tapped: ServerDialectFactory = (ctx) =>
    createGodot3Server({
      ...ctx,
      options: ctx.options,
      sendTo: (id, data) => {
        wire.push(`${id}: ${toHex(data as Uint8Array)}`);
        return ctx.sendTo(id, data);
      },
      // A broadcast is logged as one message per receiver, in admission order.
      broadcast: (data, skip, exclude, relayed) => {
        for (const id of ctx.peerIds()) if (id !== skip && id !== exclude) wire.push(`${id}: ${toHex(data as Uint8Array)}`);
        ctx.broadcast(data, skip, exclude, relayed);
      },
    });
  const server = new MultiplayerServer(network.serverTransport(), runtime, { port: 9000, dialect: tapped });
  await server.listen();
  const serverGot: string[] = [];
  server.on("packet", (p: Packet) => serverGot.push(`${p.from}: ${toHex(p.data as Uint8Array)}`));
  const peerPackets: number[] = [];
  server.on("peer_packet", (from) => peerPackets.push(from));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (network.flush() > 0 || i < 2); i++) await Promise.resolve();
  };
  const got = new Map<MultiplayerClient, string[]>();
  const join = async (): Promise<MultiplayerClient> => {
    const client = new MultiplayerClient(network.clientTransport(), runtime, { url: "ws://127.0.0.1:9000", dialect: createGodot3Client });
    const log: string[] = [];
    got.set(client, log);
    client.on("packet", (p: Packet) => log.push(`${p.from}: ${toHex(p.data as Uint8Array)}`));
    const id = client.connect();
    await settle();
    await id;
    return client;
  };
  const received = (client: MultiplayerClient): string[] => got.get(client)!.splice(0);
  return { server, network, runtime, wire, serverGot, peerPackets, settle, join, received };
}

const sys = (type: 1 | 2 | 3, id: number): string => toHex(encodeGodot3Sys(type, id));

describe("godot3 server: joining and leaving", () => {
  it("sends SYS_ID, SYS_ADD(1), then SYS_ADD both ways for each existing peer in ascending id order", async () => {
    const t = await setup([900, 300, 600]);
    const a = await t.join();
    const b = await t.join();
    t.wire.length = 0;
    const joined: number[] = [];
    t.server.on("peer_connected", (id) => joined.push(id));
    const c = await t.join();
    expect(t.wire).toEqual([
      `600: ${sys(Godot3Sys.ID, 600)}`,
      `600: ${sys(Godot3Sys.ADD, 1)}`,
      `300: ${sys(Godot3Sys.ADD, 600)}`,
      `600: ${sys(Godot3Sys.ADD, 300)}`,
      `900: ${sys(Godot3Sys.ADD, 600)}`,
      `600: ${sys(Godot3Sys.ADD, 900)}`,
    ]);
    expect(joined).toEqual([600]);
    expect([a.getUniqueId(), b.getUniqueId(), c.getUniqueId()]).toEqual([900, 300, 600]);
    expect(c.peers.sort((x, y) => x - y)).toEqual([1, 300, 900]);
    expect(a.peers.sort((x, y) => x - y)).toEqual([1, 300, 600]);
    expect(b.peers.sort((x, y) => x - y)).toEqual([1, 600, 900]);
  });

  it("sends SYS_DEL to the remaining peers when one leaves, and they report peer_disconnected", async () => {
    const t = await setup([900, 300, 600]);
    const a = await t.join();
    const b = await t.join();
    const c = await t.join();
    const left: string[] = [];
    a.on("peer_disconnected", (id) => left.push(`a:${id}`));
    c.on("peer_disconnected", (id) => left.push(`c:${id}`));
    t.server.on("peer_disconnected", (id) => left.push(`server:${id}`));
    t.wire.length = 0;
    b.disconnect();
    await t.settle();
    expect(t.wire).toEqual([`600: ${sys(Godot3Sys.DEL, 300)}`, `900: ${sys(Godot3Sys.DEL, 300)}`]);
    expect(left.sort()).toEqual(["a:300", "c:300", "server:300"]);
    expect(a.peers.sort((x, y) => x - y)).toEqual([1, 600]);
  });

  it("tells the others when the server drops a peer", async () => {
    const t = await setup([900, 300]);
    const a = await t.join();
    await t.join();
    t.wire.length = 0;
    t.server.disconnectPeer(300, 4000, "kicked");
    await t.settle();
    expect(t.wire).toEqual([`900: ${sys(Godot3Sys.DEL, 300)}`]);
    expect(a.peers).toEqual([1]);
  });
});

describe("godot3 server: a newcomer whose join cannot be sent", () => {
  /** Three peers joined (ids 300, 600, 900), then a newcomer (id 450) under a message limit. */
  async function joinUnder(maxQueuedPackets: number) {
    const t = await setup([300, 600, 900, 450, 450]);
    const others = [await t.join(), await t.join(), await t.join()];
    const heard: string[] = [];
    for (const other of others) {
      other.on("peer_connected", (id) => heard.push(`${other.getUniqueId()}+${id}`));
      other.on("peer_disconnected", (id) => heard.push(`${other.getUniqueId()}-${id}`));
    }
    const failures: string[] = [];
    t.server.on("handshake_failed", (info) => failures.push(`${info.id} ${info.code} ${info.reason}`));
    t.server.on("peer_connected", (id) => failures.push(`peer_connected ${id}`));
    t.server.maxQueuedPackets = maxQueuedPackets;
    t.wire.length = 0;
    const newcomer = new MultiplayerClient(t.network.clientTransport(), t.runtime, { url: "ws://127.0.0.1:9000", dialect: createGodot3Client });
    void newcomer.connect().catch(() => {});
    await t.settle();
    return { ...t, heard, failures };
  }

  it("takes back the announcement from the peers already told, and tells nobody else", async () => {
    const t = await joinUnder(2);
    expect(t.wire).toEqual([
      `450: ${sys(Godot3Sys.ID, 450)}`,
      `450: ${sys(Godot3Sys.ADD, 1)}`,
      `300: ${sys(Godot3Sys.ADD, 450)}`,
      `450: ${sys(Godot3Sys.ADD, 300)}`,
      `300: ${sys(Godot3Sys.DEL, 450)}`,
    ]);
    expect(t.heard).toEqual(["300+450", "300-450"]);
    expect(t.failures).toEqual(["450 WSMP_ERR_OUTBOUND_FULL the join messages could not be sent"]);
    expect(t.server.peers.sort((x, y) => x - y)).toEqual([300, 600, 900]);
  });

  it("tells nobody when its own first messages cannot be sent, not even that it left", async () => {
    const t = await joinUnder(1);
    expect(t.wire).toEqual([`450: ${sys(Godot3Sys.ID, 450)}`, `450: ${sys(Godot3Sys.ADD, 1)}`]);
    expect(t.heard).toEqual([]);
    expect(t.failures).toEqual(["450 WSMP_ERR_OUTBOUND_FULL the join messages could not be sent"]);
  });

  it("announces a later newcomer under the same id, and its leave, as any other", async () => {
    const t = await joinUnder(2);
    t.server.maxQueuedPackets = 16;
    t.heard.length = 0;
    const again = new MultiplayerClient(t.network.clientTransport(), t.runtime, { url: "ws://127.0.0.1:9000", dialect: createGodot3Client });
    const id = again.connect();
    await t.settle();
    expect(await id).toBe(450);
    again.disconnect();
    await t.settle();
    expect(t.heard.sort()).toEqual(["300+450", "300-450", "600+450", "600-450", "900+450", "900-450"]);
  });
});

describe("godot3 server: relay and local delivery (spec 6.5)", () => {
  async function three() {
    const t = await setup([1234567, 300, 600]);
    const a = await t.join();
    const b = await t.join();
    const c = await t.join();
    t.wire.length = 0;
    return { ...t, a, b, c };
  }

  it("relays to everyone but the sender, byte for byte, and keeps a copy (spec example)", async () => {
    const t = await three();
    t.a.send(fromHex("04 68 69"), 0);
    await t.settle();
    const onWire = "00 87 D6 12 00 00 00 00 00 04 68 69";
    expect(t.wire).toEqual([`300: ${onWire}`, `600: ${onWire}`]);
    expect(t.received(t.b)).toEqual(["1234567: 04 68 69"]);
    expect(t.received(t.c)).toEqual(["1234567: 04 68 69"]);
    expect(t.received(t.a)).toEqual([]);
    expect(t.serverGot).toEqual(["1234567: 04 68 69"]);
    expect(t.peerPackets).toEqual([1234567]);
  });

  it("relays to one peer only, without a server copy", async () => {
    const t = await three();
    t.a.send(fromHex("01"), 600);
    await t.settle();
    expect(t.received(t.c)).toEqual(["1234567: 01"]);
    expect(t.received(t.b)).toEqual([]);
    expect(t.serverGot).toEqual([]);
    expect(t.peerPackets).toEqual([]);
  });

  it("relays to all but one, with a server copy", async () => {
    const t = await three();
    t.c.send(fromHex("02"), -300);
    await t.settle();
    expect(t.received(t.a)).toEqual(["600: 02"]);
    expect(t.received(t.b)).toEqual([]);
    expect(t.serverGot).toEqual(["600: 02"]);
  });

  it("delivers a packet for peer 1 to the server only", async () => {
    const t = await three();
    t.b.send(fromHex("03"), 1);
    await t.settle();
    expect(t.wire).toEqual([]);
    expect(t.serverGot).toEqual(["300: 03"]);
    expect(t.peerPackets).toEqual([300]);
  });

  it("does not keep a server copy of a packet for everyone but the server (Godot 3's to = -1 quirk is not reproduced)", async () => {
    const t = await three();
    t.b.send(fromHex("04"), -1);
    await t.settle();
    expect(t.received(t.a)).toEqual(["300: 04"]);
    expect(t.received(t.c)).toEqual(["300: 04"]);
    expect(t.serverGot).toEqual([]);
    expect(t.peerPackets).toEqual([]);
  });

  it("routes the server's own packets with from = 1", async () => {
    const t = await three();
    t.server.send(0, fromHex("AA"));
    t.server.send(-600, fromHex("BB"));
    t.server.send(300, fromHex("CC"));
    await t.settle();
    // One copy per peer; the order across different sockets is not observable, so not checked.
    expect(t.wire.slice(0, 3).sort()).toEqual([`1234567: 00 01 00 00 00 00 00 00 00 AA`, `300: 00 01 00 00 00 00 00 00 00 AA`, `600: 00 01 00 00 00 00 00 00 00 AA`]);
    expect(t.received(t.a)).toEqual(["1: AA", "1: BB"]);
    expect(t.received(t.b)).toEqual(["1: AA", "1: BB", "1: CC"]);
    expect(t.received(t.c)).toEqual(["1: AA"]);
    expect(() => t.server.send(4242, fromHex("DD"))).toThrow(expect.objectContaining({ code: "WSMP_ERR_UNKNOWN_PEER" }));
    t.server.targetPeer = 1;
    t.wire.length = 0;
    expect(t.server.putPacket(fromHex("EE"))).toBe(0);
    expect(t.wire).toEqual([]);
  });
});

describe("godot3 server: misbehaving clients", () => {
  async function withOffender() {
    const t = await setup([900, 300, 600]);
    const good1 = await t.join();
    const bad = await t.join();
    const good2 = await t.join();
    const errors: ProtocolErrorInfo[] = [];
    const drops: DropInfo[] = [];
    t.server.on("protocol_error", (e) => errors.push(e));
    t.server.on("packet_dropped", (d) => drops.push(d));
    t.wire.length = 0;
    /** Sends raw bytes from the offender (300), bypassing its dialect. */
    const inject = (hex: string | Uint8Array): void => void bad.getPeer(1)!.send(typeof hex === "string" ? fromHex(hex) : hex);
    /** The two others still talk to each other through the relay. */
    const othersStillWork = async (): Promise<void> => {
      good1.send(fromHex("77"), 600);
      await t.settle();
      expect(t.received(good2)).toEqual(["900: 77"]);
    };
    return { ...t, good1, bad, good2, errors, drops, inject, othersStillWork };
  }

  async function expectClosed(t: Awaited<ReturnType<typeof withOffender>>, closeCode: number): Promise<void> {
    await t.settle();
    expect(t.errors).toEqual([expect.objectContaining({ peer: 300, code: "WSMP_ERR_PROTOCOL", closeCode })]);
    expect((await t.bad.whenClosed).code).toBe(closeCode);
    expect(t.server.hasPeer(300)).toBe(false);
    // Nothing the offender sent reached anyone; the others only heard that it left.
    expect(t.received(t.good1)).toEqual([]);
    expect(t.received(t.good2)).toEqual([]);
    expect(t.serverGot).toEqual([]);
    expect(t.good1.peers).not.toContain(300);
    await t.othersStillWork();
  }

  it("closes a client that sends less than a header with 1002", async () => {
    const t = await withOffender();
    t.inject("00 2C 01 00");
    await expectClosed(t, 1002);
  });

  it("closes a client that sends a system message with 1002", async () => {
    const t = await withOffender();
    t.inject(encodeGodot3Message(Godot3Sys.ADD, 300, 0, fromHex("84 03 00 00")));
    await expectClosed(t, 1002);
  });

  it("closes a client that sends an unknown message type with 1002", async () => {
    const t = await withOffender();
    t.inject(encodeGodot3Message(9, 300, 0, fromHex("01")));
    await expectClosed(t, 1002);
  });

  it("closes a client that forges its sender id with 1008", async () => {
    const t = await withOffender();
    t.inject(encodeGodot3Message(0, 900, 0, fromHex("01")));
    await expectClosed(t, 1008);
  });

  it("drops a packet sent before the client knew its id (from = 0) and keeps the client", async () => {
    const t = await withOffender();
    t.inject(encodeGodot3Message(0, 0, 0, fromHex("01")));
    await t.settle();
    expect(t.errors).toEqual([]);
    expect(t.drops).toEqual([expect.objectContaining({ peer: 300, direction: "in", code: "WSMP_ERR_PROTOCOL" })]);
    expect(t.server.hasPeer(300)).toBe(true);
    expect(t.received(t.good1)).toEqual([]);
    expect(t.serverGot).toEqual([]);
  });

  it("drops a relay to the sender itself and keeps the client", async () => {
    const t = await withOffender();
    t.inject(encodeGodot3Message(0, 300, 300, fromHex("01")));
    await t.settle();
    expect(t.drops).toEqual([expect.objectContaining({ peer: 300, code: "WSMP_ERR_UNKNOWN_PEER" })]);
    expect(t.wire).toEqual([]);
    expect(t.serverGot).toEqual([]);
    expect(t.server.hasPeer(300)).toBe(true);
  });

  it("drops a relay to an unknown peer and keeps the client", async () => {
    const t = await withOffender();
    t.bad.send(fromHex("01"), 4242);
    await t.settle();
    expect(t.drops).toEqual([expect.objectContaining({ peer: 300, code: "WSMP_ERR_UNKNOWN_PEER" })]);
    expect(t.wire).toEqual([]);
    expect(t.server.hasPeer(300)).toBe(true);
    await t.othersStillWork();
  });

  it("takes a text message as its UTF-8 bytes and relays it as binary", async () => {
    const t = await withOffender();
    const bytes = encodeGodot3Message(0, 300, 0, fromHex("68 69"));
    t.bad.getPeer(1)!.send(String.fromCharCode(...bytes));
    await t.settle();
    expect(t.errors).toEqual([]);
    expect(t.serverGot).toEqual(["300: 68 69"]);
    expect(t.received(t.good1)).toEqual(["300: 68 69"]);
  });
});
