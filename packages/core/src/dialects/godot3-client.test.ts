import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../shared/bytes.js";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import type { ClientDialectFactory } from "../engine/dialect-contract.js";
import { MultiplayerServer } from "../api/multiplayer-server.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import { createGodot3Client, createGodot3Server, encodeGodot3Message, encodeGodot3Sys, Godot3Sys } from "./godot3-dialect.js";
import { createRawServer } from "./raw-dialect.js";

async function network(dialect: "godot3" | "raw", ids: readonly number[] = [500, 700, 900]) {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const runtime = clock.runtime(createScriptedRandom(ids));
  const server = new MultiplayerServer(net.serverTransport(), runtime, { port: 9000, dialect: dialect === "godot3" ? createGodot3Server : createRawServer });
  await server.listen();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (net.flush() > 0 || i < 2); i++) await Promise.resolve();
  };
  /** A godot3 client that logs what it sees, in order. */
  const client = (log: string[] = []): MultiplayerClient => {
    const wire: ClientDialectFactory = (ctx) => {
      const inner = createGodot3Client(ctx);
      return { ...inner, receive: (data) => (log.push(`wire ${toHex(data as Uint8Array)}`), inner.receive(data)) };
    };
    const c = new MultiplayerClient(net.clientTransport(), runtime, { url: "ws://127.0.0.1:9000", dialect: wire });
    c.on("connected_to_server", (id) => log.push(`connected ${id}`));
    c.on("peer_connected", (id) => log.push(`peer_connected ${id}`));
    c.on("peer_disconnected", (id) => log.push(`peer_disconnected ${id}`));
    c.on("peer_packet", (from) => log.push(`peer_packet ${from}`));
    c.on("protocol_error", (e) => log.push(`protocol_error ${e.closeCode}`));
    return c;
  };
  return { server, settle, client, clock };
}

describe("godot3 client", () => {
  it("takes its id from SYS_ID, connects at SYS_ADD(1), then learns the other peers", async () => {
    const n = await network("godot3");
    const first = n.client();
    const firstId = first.connect();
    await n.settle();
    expect(await firstId).toBe(500);
    const log: string[] = [];
    const second = n.client(log);
    const id = second.connect();
    await n.settle();
    expect(await id).toBe(700);
    expect(log).toEqual([
      `wire ${toHex(encodeGodot3Sys(Godot3Sys.ID, 700))}`,
      `wire ${toHex(encodeGodot3Sys(Godot3Sys.ADD, 1))}`,
      "connected 700",
      "peer_connected 1",
      `wire ${toHex(encodeGodot3Sys(Godot3Sys.ADD, 500))}`,
      "peer_connected 500",
    ]);
    expect(second.peers.sort()).toEqual([1, 500]);
  });

  it("is not connected before SYS_ADD(1) and cannot send then", async () => {
    const n = await network("godot3");
    const c = n.client();
    void c.connect();
    expect(c.getConnectionStatus()).toBe(1);
    expect(c.putPacket(fromHex("01"))).toBe(3);
    await n.settle();
    expect(c.getConnectionStatus()).toBe(2);
  });

  it("frames packets as [00][own id][target][data] and reports the real sender", async () => {
    const n = await network("godot3");
    const a = n.client();
    const logB: string[] = [];
    const b = n.client(logB);
    void a.connect();
    void b.connect();
    await n.settle();
    logB.length = 0;
    a.targetPeer = 700;
    expect(a.putPacket(fromHex("C0 FF EE"))).toBe(0);
    await n.settle();
    expect(logB).toEqual(["wire 00 F4 01 00 00 BC 02 00 00 C0 FF EE", "peer_packet 500"]);
    expect(b.getPacketPeer()).toBe(500);
    expect(toHex(b.getPacket()!)).toBe("C0 FF EE");
    expect(b.getPacketPeer()).toBe(1);
  });

  it("refuses to send to itself and sends nothing for an empty packet", async () => {
    const n = await network("godot3");
    const a = n.client();
    void a.connect();
    await n.settle();
    a.targetPeer = 500;
    expect(a.putPacket(fromHex("01"))).toBe(31);
    a.targetPeer = 0;
    expect(a.putPacket(new Uint8Array(0))).toBe(0);
  });

  it("reports SYS_DEL as peer_disconnected and forgets the peer", async () => {
    const n = await network("godot3");
    const log: string[] = [];
    const a = n.client(log);
    const b = n.client();
    void a.connect();
    void b.connect();
    await n.settle();
    b.disconnect();
    await n.settle();
    expect(log).toContain("peer_disconnected 700");
    expect(a.peers).toEqual([1]);
  });
});

describe("godot3 client: a server that breaks the protocol", () => {
  /** A raw server that sends `messages` to each client as soon as it connects. */
  async function serverSending(...messages: string[]) {
    const n = await network("raw");
    n.server.on("peer_connected", (id) => {
      for (const m of messages) n.server.getPeer(id)!.send(fromHex(m));
    });
    const log: string[] = [];
    const c = n.client(log);
    const result = c.connect().then(
      (id) => `connected ${id}`,
      (e: { code: string }) => `failed ${e.code}`,
    );
    await n.settle();
    return { log, result: await result, closed: () => c.whenClosed, server: n.server, client: c };
  }

  const sys = (type: Godot3Sys, id: number): string => toHex(encodeGodot3Sys(type as 1 | 2 | 3, id));
  const ID = toHex(encodeGodot3Sys(Godot3Sys.ID, 600));
  const ADD1 = toHex(encodeGodot3Sys(Godot3Sys.ADD, 1));

  it("accepts Godot's own sequence (control case)", async () => {
    const r = await serverSending(ID, ADD1);
    expect(r.result).toBe("connected 600");
  });

  for (const [name, messages] of [
    ["a message shorter than the header", ["03 01 00 00 00"]],
    ["an unknown message type", [ID, "07 01 00 00 00 00 00 00 00 01 00 00 00"]],
    ["a system message without its id", ["03 01 00 00 00 00 00 00 00 58 02"]],
    ["SYS_ID with an id below 2", ["03 01 00 00 00 00 00 00 00 01 00 00 00"]],
    ["SYS_ADD(1) before SYS_ID", [ADD1, ID]],
  ] as const) {
    it(`closes with 1002 and fails on ${name}`, async () => {
      const r = await serverSending(...messages);
      expect(r.result).toBe("failed WSMP_ERR_PROTOCOL");
      expect(r.log).toContain("protocol_error 1002");
      expect((await r.closed()).code).toBe(1002);
    });
  }

  it("closes a connected client with 1002 when a later message is short", async () => {
    const r = await serverSending(ID, ADD1, "00 01");
    expect(r.result).toBe("connected 600");
    expect(r.log).toContain("protocol_error 1002");
    expect((await r.closed()).code).toBe(1002);
  });

  it("ignores what only concerns itself or the server: SYS_DEL(1), SYS_DEL(own id), SYS_ADD(own id), SYS_ADD(0)", async () => {
    const r = await serverSending(ID, ADD1, sys(Godot3Sys.DEL, 1), sys(Godot3Sys.DEL, 600), sys(Godot3Sys.ADD, 600), sys(Godot3Sys.ADD, 0), sys(Godot3Sys.ADD, 700));
    expect(r.result).toBe("connected 600");
    expect(r.log.filter((line) => !line.startsWith("wire"))).toEqual(["connected 600", "peer_connected 1", "peer_connected 700"]);
    expect(r.client.peers.sort((x, y) => x - y)).toEqual([1, 700]);
    expect(r.client.getConnectionStatus()).toBe(2);
  });

  it("keeps packets that arrive between SYS_ID and SYS_ADD(1), with their sender", async () => {
    const r = await serverSending(ID, toHex(encodeGodot3Message(0, 1, 600, fromHex("AB"))), ADD1);
    expect(r.result).toBe("connected 600");
    expect(r.log).toContain("peer_packet 1");
  });
});
