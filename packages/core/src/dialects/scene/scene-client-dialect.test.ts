import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import { GodotError } from "../../shared/constants.js";
import { InvalidArgumentError } from "../../shared/errors.js";
import { startClient, startServer } from "../../api/peer-factories.js";
import { createMemoryPeers, createSeededRandom, ManualClock, MemoryNetwork } from "../../testing/index.js";
import { encodeAddPeer, encodeDelPeer, encodeRelay } from "./scene-codec.js";
import { createSceneClient } from "./scene-client-dialect.js";
import { createSceneServer } from "./scene-server-dialect.js";

/** What one TypeScript scene client observed, as short strings. */
function observe(client: MultiplayerClient): string[] {
  const log: string[] = [];
  client.on("peer_connected", (id) => log.push(`+${id}`));
  client.on("peer_disconnected", (id) => log.push(`-${id}`));
  client.on("peer_packet", (from, data) => log.push(`raw ${from} ${toHex(data!)}`));
  client.on("scene_packet", (p) => log.push(`scene ${p.from} ${p.commandName} ${toHex(p.data)}`));
  client.on("protocol_error", (info) => log.push(`protocol_error ${info.code}`));
  return log;
}

async function sceneWorld(count: number) {
  const peers = await createMemoryPeers({ dialect: createSceneServer(true) });
  const clients: MultiplayerClient[] = [];
  const logs: string[][] = [];
  for (let i = 0; i < count; i++) {
    const client = peers.client({ dialect: createSceneClient(true) });
    logs.push(observe(client));
    const id = client.connect();
    await peers.settle();
    await id;
    clients.push(client);
  }
  const serverLog: string[] = [];
  peers.server.on("peer_packet", (from, data) => serverLog.push(`raw ${from} ${toHex(data!)}`));
  const reset = (): void => {
    for (const log of logs) log.length = 0;
    serverLog.length = 0;
  };
  return { peers, clients, logs, serverLog, reset, ids: clients.map((c) => c.getUniqueId()) };
}

describe("scene client: peers and packets through a wsmp scene server", () => {
  it("learns the other peers from ADD_PEER and DEL_PEER", async () => {
    const w = await sceneWorld(3);
    const [a, b, c] = w.ids as [number, number, number];
    expect(w.logs[0]).toEqual(["+1", `+${b}`, `+${c}`]);
    expect(w.logs[2]).toEqual(["+1", `+${a}`, `+${b}`]);
    expect(w.clients[0]!.peers.sort()).toEqual([1, b, c].sort());
    w.reset();
    w.clients[1]!.disconnect();
    await w.peers.settle();
    expect(w.logs[0]).toEqual([`-${b}`]);
    expect(w.logs[2]).toEqual([`-${b}`]);
    expect(w.clients[0]!.peers.sort()).toEqual([1, c].sort());
  });

  it("sendBytes reaches one, all, all but one, and only clients for -1, with the real source", async () => {
    const w = await sceneWorld(4);
    const [a, b, c, d] = w.ids as [number, number, number, number];
    w.reset();
    const sender = w.clients[0]!;
    expect(sender.sendBytes(fromHex("01"), b)).toBe(GodotError.OK);
    expect(sender.sendBytes(fromHex("02"))).toBe(GodotError.OK);
    expect(sender.sendBytes(fromHex("03"), -c)).toBe(GodotError.OK);
    expect(sender.sendBytes(fromHex("04"), -1)).toBe(GodotError.OK);
    expect(sender.sendBytes(fromHex("05"), 1)).toBe(GodotError.OK);
    await w.peers.settle();
    expect(w.logs[1]).toEqual([`raw ${a} 01`, `raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(w.logs[2]).toEqual([`raw ${a} 02`, `raw ${a} 04`]);
    expect(w.logs[3]).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(w.logs[0]).toEqual([]);
    expect(w.serverLog).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 05`]);
    expect(d).toBeGreaterThan(1);
  });

  it("gets peer_packet(1, ...) for the server's sendBytes and scene_packet for relayed RPCs", async () => {
    const w = await sceneWorld(2);
    const [a, b] = w.ids as [number, number];
    w.reset();
    w.peers.server.sendBytes("ok", b);
    w.clients[0]!.send(fromHex("00 01 00 01 02 2A"), b); // putPacket to another peer goes through the relay wrapper
    await w.peers.settle();
    expect(w.logs[1]).toEqual(["raw 1 6F 6B", `scene ${a} remote_call 00 01 00 01 02 2A`]);
  });

  it("returns Godot's errors: empty data, unknown peer, not connected, no scene option", async () => {
    const w = await sceneWorld(1);
    const client = w.clients[0]!;
    expect(client.sendBytes(new Uint8Array(0))).toBe(GodotError.ERR_INVALID_DATA);
    expect(client.sendBytes(fromHex("01"), 999)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(client.sendAuth(1, "x")).toBe(GodotError.ERR_INVALID_PARAMETER);
    const idle = w.peers.client({ dialect: createSceneClient(true) });
    expect(idle.sendBytes(fromHex("01"))).toBe(GodotError.ERR_UNCONFIGURED);
    const plain = w.peers.client();
    expect(() => plain.sendBytes(fromHex("01"))).toThrow(/scene option/);
  });

  it("fails the connection with 1002 when the server sends a malformed SYS packet", async () => {
    const w = await sceneWorld(2);
    const [, b] = w.ids as [number, number];
    w.reset();
    w.peers.server.getPeer(b)!.send(fromHex("07 05 00 00 00 00"));
    await w.peers.settle();
    expect(w.logs[1]).toEqual(["protocol_error WSMP_ERR_PROTOCOL", `-${w.ids[0]}`, "-1"]);
    expect(w.clients[1]!.getCloseCode()).toBe(1002);
  });

  it("fails on a relayed SYS packet and on an ADD_PEER of its own id", async () => {
    const w = await sceneWorld(2);
    const [a, b] = w.ids as [number, number];
    w.reset();
    w.peers.server.getPeer(a)!.send(encodeRelay(b, fromHex("07 01 05 00 00 00")));
    w.peers.server.getPeer(b)!.send(fromHex(`07 01 ${toHex(encodeRelay(b, fromHex("00"))).slice(6, 17)}`));
    await w.peers.settle();
    expect(w.logs[0]![0]).toBe("protocol_error WSMP_ERR_PROTOCOL");
    expect(w.logs[1]![0]).toBe("protocol_error WSMP_ERR_PROTOCOL");
  });
});

describe("scene client: SYS packets only a broken server sends", () => {
  for (const [label, packet] of [
    ["DEL_PEER of the server itself", encodeDelPeer(1)],
    ["ADD_PEER of the server", encodeAddPeer(1)],
    ["ADD_PEER of id 0", encodeAddPeer(0)],
  ] as const) {
    it(`fails with 1002 on ${label}`, async () => {
      const w = await sceneWorld(1);
      w.reset();
      w.peers.server.getPeer(w.ids[0]!)!.send(packet);
      await w.peers.settle();
      expect(w.logs[0]).toEqual(["protocol_error WSMP_ERR_PROTOCOL", "-1"]);
      expect(w.clients[0]!.getCloseCode()).toBe(1002);
    });
  }

  it("an ADD_PEER of a peer it knows, or a DEL_PEER of one it does not, changes nothing", async () => {
    const w = await sceneWorld(2);
    const [a, b] = w.ids as [number, number];
    w.reset();
    w.peers.server.getPeer(a)!.send(encodeAddPeer(b));
    w.peers.server.getPeer(a)!.send(encodeDelPeer(4242));
    await w.peers.settle();
    expect(w.logs[0]).toEqual([]);
    expect(w.clients[0]!.peers.sort((x, y) => x - y)).toEqual([1, b].sort((x, y) => x - y));
  });
});

describe("scene option through startServer / startClient (what every adapter calls)", () => {
  it("runs the scene layer from { scene } options", async () => {
    const clock = new ManualClock();
    const network = new MemoryNetwork();
    const runtime = clock.runtime(createSeededRandom(3));
    const server = startServer(network.serverTransport(), runtime, 0, "*", undefined, { scene: { relay: "server-only" } });
    const { port } = await server.listen();
    const got: string[] = [];
    server.on("peer_packet", (from, data) => got.push(`${from} ${toHex(data!)}`));
    const a = startClient(network.clientTransport(), runtime, `ws://127.0.0.1:${port}`, undefined, { scene: true });
    const b = startClient(network.clientTransport(), runtime, `ws://127.0.0.1:${port}`, undefined, { scene: {} });
    network.flush();
    await Promise.all([a.connect(), b.connect()]);
    network.flush();
    expect(a.peers).toEqual([1]); // server-only: no announcements
    expect(a.sendBytes(fromHex("AA"), 1)).toBe(GodotError.OK);
    network.flush();
    expect(got).toEqual([`${a.getUniqueId()} AA`]);
    const closing = Promise.all([a.close(), b.close(), server.close()]);
    for (let i = 0; i < 10; i++) {
      network.flush();
      await Promise.resolve();
    }
    await closing;
  });

  it("refuses scene with another dialect and bad scene options", () => {
    const clock = new ManualClock();
    const network = new MemoryNetwork();
    const runtime = clock.runtime();
    const make = (options: object) => () => startServer(network.serverTransport(), runtime, 0, "*", undefined, options);
    expect(make({ dialect: "godot3", scene: true })).toThrow(InvalidArgumentError);
    expect(make({ scene: { authTimeout: -1 } })).toThrow(/authTimeout/);
    expect(make({ scene: { relay: "everyone" } })).toThrow(/relay/);
    expect(make({ scene: { auth: "yes" } })).toThrow(/auth/);
    expect(() => startClient(network.clientTransport(), runtime, "ws://x", undefined, { dialect: "raw", scene: true })).toThrow(InvalidArgumentError);
  });
});
