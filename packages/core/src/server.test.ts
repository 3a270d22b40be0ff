import { describe, expect, it } from "vitest";
import { ConnectionStatus, GodotError } from "./constants.js";
import { createMemoryPeers } from "./testing/index.js";
import { toHex } from "./bytes.js";

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
