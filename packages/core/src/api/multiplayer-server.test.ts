import { describe,expect,it } from "vitest";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { toHex } from "../shared/bytes.js";
import { ConnectionStatus,GodotError } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import { allocatePeerId } from "../engine/peer-ids.js";
import { ServerEngine } from "../engine/server-engine.js";
import { createMemoryPeers,createScriptedRandom,createSeededRandom } from "../testing/index.js";

import { connected,failureCode,harness,live } from "../testing/server-harness.js";

describe("server and client over the memory network", () => {
  it("gives each client a distinct id >= 2 and reports peer_connected on both sides", async () => {
    const peers = await createMemoryPeers();
    const joined: number[] = [];
    peers.server.on("peer_connected", (id) => joined.push(id));
    const clients = await peers.connectClients(3);
    const ids = clients.map((c) => c.getUniqueId());
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(2);
    expect(joined.sort()).toEqual([...ids].sort());
    expect(peers.server.peers.sort()).toEqual([...ids].sort());
    for (const c of clients) expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
  });

  it("routes broadcast, one peer and all-but-one", async () => {
    const peers = await createMemoryPeers();
    const [a, b, c] = await peers.connectClients(3);
    const got = new Map<number, string[]>();
    for (const cl of [a!, b!, c!]) {
      got.set(cl.getUniqueId(), []);
      cl.on("packet", (p) => got.get(cl.getUniqueId())!.push(toHex(p.data as Uint8Array)));
    }
    peers.server.send(0, new Uint8Array([1]));
    peers.server.send(b!.getUniqueId(), new Uint8Array([2]));
    peers.server.send(-c!.getUniqueId(), new Uint8Array([3]));
    await peers.settle();
    expect(got.get(a!.getUniqueId())).toEqual(["01", "03"]);
    expect(got.get(b!.getUniqueId())).toEqual(["01", "02", "03"]);
    expect(got.get(c!.getUniqueId())).toEqual(["01"]);
    expect(peers.server.putPacket(new Uint8Array([9]))).toBe(GodotError.OK);
    peers.server.targetPeer = 12345;
    expect(peers.server.putPacket(new Uint8Array([9]))).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("queues client packets for getPacket with their source", async () => {
    const peers = await createMemoryPeers();
    const [a, b] = await peers.connectClients(2);
    a!.send(new Uint8Array([0xaa]));
    b!.send("hello");
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(2);
    expect(peers.server.getPacketPeer()).toBe(a!.getUniqueId());
    expect(toHex(peers.server.getPacket()!)).toBe("AA");
    expect(peers.server.wasStringPacket()).toBe(false);
    expect(peers.server.getPacketPeer()).toBe(b!.getUniqueId());
    expect(peers.server.getPacket()).toEqual(new Uint8Array([0x68, 0x65, 0x6c, 0x6c, 0x6f]));
    expect(peers.server.wasStringPacket()).toBe(true);
  });

  it("fires peer_disconnected when a client leaves, and server_disconnected on the client", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const left: number[] = [];
    peers.server.on("peer_disconnected", (id) => left.push(id));
    let serverGone = false;
    a!.on("server_disconnected", () => (serverGone = true));
    a!.disconnect(4000, "bye");
    await peers.settle();
    expect(left).toEqual([a!.getUniqueId()]);
    expect(serverGone).toBe(true);
    const info = await a!.whenClosed;
    expect(info.wasClean).toBe(true);
  });

  it("times out a connection that never upgrades", async () => {
    const peers = await createMemoryPeers();
    const failures: string[] = [];
    peers.server.on("handshake_failed", (f) => failures.push(f.code));
    const stalled = peers.client({}, { neverUpgrade: true });
    const result = stalled.connect().catch((e: Error) => e);
    peers.clock.advance(2999);
    expect(failures).toEqual([]);
    peers.clock.advance(2);
    await peers.settle();
    expect(failures).toEqual(["WSMP_ERR_HANDSHAKE_TIMEOUT"]);
    expect(await result).toBeInstanceOf(Error);
  });
});

// ---- a harness with an injectable random source and a view of the engine -------------------

describe("peer ids", () => {
  it("stay unique and >= 2 when the random source repeats itself or yields 0 and 1", async () => {
    // Masked to 31 bits, 0x80000005 is 5 again and 0x80000000 / 0x80000001 are 0 / 1.
    const words = [5, 0x80000005, 0, 1, 5, 0x80000000, 0x80000001, 9, 9, 0x80000005, 0x7fffffff];
    const h = await harness({}, createScriptedRandom(words));
    const stalled = h.client({}, { neverUpgrade: true }); // holds an id while pending
    void stalled.connect().catch(() => undefined);
    const clients = await connected(h, 2);
    expect(clients.map((c) => c.getUniqueId())).toEqual([9, 0x7fffffff]);
    expect(live(h.server)).toBe(3);
    expect(h.server.peers).toEqual([9, 0x7fffffff]);
  });

  it("allocatePeerId skips ids in use and never returns 0 or 1", () => {
    const used = new Set([2, 3]);
    const id = allocatePeerId(createScriptedRandom([0, 1, 2, 0x80000003, 4]), (n) => used.has(n));
    expect(id).toBe(4);
  });
});

describe("refuseNewConnections", () => {
  it("drops connections that finish their handshake while refusing, reporting handshake_failed", async () => {
    const h = await harness();
    const [existing] = await connected(h, 1);
    const failed: string[] = [];
    const joined: number[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    h.server.on("peer_connected", (id) => joined.push(id));
    h.server.refuseNewConnections = true;
    const refused = h.client();
    const result = failureCode(refused.connect());
    await h.settle();
    expect(await result).not.toBe("resolved");
    expect(failed).toEqual([ErrorCode.HANDSHAKE_REJECTED]);
    expect(joined).toEqual([]);
    expect(live(h.server)).toBe(1);
    expect(h.server.peers).toEqual([existing!.getUniqueId()]);
    h.server.refuseNewConnections = false;
    const [later] = await connected(h, 1);
    expect(joined).toEqual([later!.getUniqueId()]);
  });

  it("drops a pending connection whose socket opens after refusing started (engine level)", () => {
    const events: string[] = [];
    const engine = new ServerEngine({ dialect: createGodot4Server, random: createSeededRandom(1), clock: () => 0, emit: (e) => events.push(e.type === "handshake_failed" ? `failed:${e.info.code}` : e.type) });
    engine.started();
    let aborted = 0;
    let terminated = 0;
    const link = engine.accept({ remoteAddress: "127.0.0.1", remotePort: 1, abort: () => aborted++ }, 0);
    expect(link.upgrade([], {})).toMatchObject({ accept: true });
    engine.refuseNewConnections = true;
    link.open({ specVersion: 1, send: () => {}, close: () => {}, terminate: () => terminated++, bufferedAmount: 0, remoteAddress: "127.0.0.1", remotePort: 1, protocol: "" });
    expect(events).toEqual([`failed:${ErrorCode.HANDSHAKE_REJECTED}`]);
    expect(terminated).toBe(1);
    expect(aborted).toBe(0);
    expect(engine.liveConnections).toBe(0);
  });
});

describe("handshake timeout", () => {
  it("drops a client that never upgrades after handshakeTimeout, on both sides", async () => {
    const h = await harness();
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    const stalled = h.client({}, { neverUpgrade: true });
    const result = failureCode(stalled.connect());
    expect(live(h.server)).toBe(1);
    h.clock.advance(2999);
    await h.settle();
    expect(failed).toEqual([]);
    expect(live(h.server)).toBe(1);
    h.clock.advance(2);
    await h.settle();
    expect(failed).toEqual([ErrorCode.HANDSHAKE_TIMEOUT]);
    expect(live(h.server)).toBe(0);
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
  });

  it("reports a client that gives up during the handshake", async () => {
    const h = await harness();
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    const stalled = h.client({}, { neverUpgrade: true });
    const result = failureCode(stalled.connect());
    stalled.disconnect();
    await h.settle();
    expect(await result).toBe(ErrorCode.ABORTED);
    expect(failed).toEqual([ErrorCode.CLOSED]);
    expect(live(h.server)).toBe(0);
  });

  it("uses the current handshakeTimeout for new connections", async () => {
    const h = await harness();
    h.server.handshakeTimeout = 0.5;
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    void h.client({ handshakeTimeout: 10 }, { neverUpgrade: true }).connect().catch(() => undefined);
    h.clock.advance(499);
    expect(failed).toEqual([]);
    h.clock.advance(2);
    expect(failed).toEqual([ErrorCode.HANDSHAKE_TIMEOUT]);
  });
});
