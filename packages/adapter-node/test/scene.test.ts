import { afterEach, describe, expect, it } from "vitest";
import { encodeRelay } from "@wsmp/core/testing";
import { GodotError, type MultiplayerClient, type SceneClientOptions, type ScenePacketEvent, type ServerOptions } from "../src/index.js";
import { client, closeAll, type Listening, listen, next, until } from "./helpers.js";

afterEach(closeAll);

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/ /g, ""), "hex"));

/** What a scene client saw, as short strings. */
function observe(c: MultiplayerClient): string[] {
  const log: string[] = [];
  c.on("peer_connected", (id) => log.push(`+${id}`));
  c.on("peer_disconnected", (id) => log.push(`-${id}`));
  c.on("peer_packet", (from, data) => log.push(`raw ${from} ${hex(data!)}`));
  c.on("scene_packet", (p: ScenePacketEvent) => log.push(`scene ${p.from} ${p.commandName}`));
  return log;
}

/** Connects scene clients one after the other (so the join order is known) and waits until each is admitted. */
async function sceneClients(l: Listening, count: number, scene: true | SceneClientOptions = true) {
  const list: MultiplayerClient[] = [];
  const logs: string[][] = [];
  for (let i = 0; i < count; i++) {
    const c = client(l.url, { scene });
    logs.push(observe(c));
    await c.connect();
    await until(() => l.server.hasPeer(c.getUniqueId()), 5000, "admission");
    list.push(c);
  }
  // Every client knows every other one.
  await until(() => list.every((c) => c.peers.length === count), 5000, "announcements");
  return { list, logs, ids: list.map((c) => c.getUniqueId()) };
}

async function sceneServer(scene: ServerOptions["scene"] = true) {
  const l = await listen({ scene });
  const events: string[] = [];
  l.server.on("peer_packet", (from, data) => events.push(`raw ${from} ${hex(data!)}`));
  l.server.on("packet_dropped", (info) => events.push(`dropped ${info.peer} ${info.code}`));
  l.server.on("protocol_error", (info) => events.push(`protocol_error ${info.peer} ${info.closeCode}`));
  l.server.on("peer_authentication_failed", (id, reason) => events.push(`auth_failed ${id} ${reason}`));
  return { l, events };
}

describe("Godot 4 scene layer over loopback (Node server, Node clients)", () => {
  it("announces joins both ways and leaves to the rest", async () => {
    const { l } = await sceneServer();
    const { list, logs, ids } = await sceneClients(l, 3);
    const [a, b, c] = ids as [number, number, number];
    expect(logs[0]).toEqual(["+1", `+${b}`, `+${c}`]);
    expect(logs[1]).toEqual(["+1", `+${a}`, `+${c}`]);
    expect(logs[2]).toEqual(["+1", `+${a}`, `+${b}`]);
    list[1]!.disconnect();
    await until(() => logs[0]!.includes(`-${b}`) && logs[2]!.includes(`-${b}`), 5000, "DEL_PEER");
    expect(list[0]!.peers.sort()).toEqual([1, c].sort());
  });

  it("relays sendBytes to one, all, all but one and -1 with the real source", async () => {
    const { l, events } = await sceneServer();
    const { list, logs, ids } = await sceneClients(l, 4);
    const [a, b, c, d] = ids as [number, number, number, number];
    for (const log of logs) log.length = 0;
    const sender = list[0]!;
    expect(sender.sendBytes(bytes("01"), b)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("02"), 0)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("03"), -c)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("04"), -1)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("05"), 1)).toBe(GodotError.OK);
    await until(() => logs[1]!.length === 4 && logs[2]!.length === 2 && logs[3]!.length === 3 && events.length === 3, 5000, "relayed packets");
    expect(logs[1]).toEqual([`raw ${a} 01`, `raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(logs[2]).toEqual([`raw ${a} 02`, `raw ${a} 04`]);
    expect(logs[3]).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(events).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 05`]);
    expect(logs[0]).toEqual([]);
    expect(l.server.sendBytes(bytes("ff"), -d)).toBe(GodotError.OK);
    await until(() => logs[0]!.length === 1, 5000, "server sendBytes");
    expect(logs[0]).toEqual(["raw 1 ff"]);
  });

  it("drops a relay to a peer that just left, with packet_dropped", async () => {
    const { l, events } = await sceneServer();
    const { list, ids } = await sceneClients(l, 2);
    const [a, b] = ids as [number, number];
    const wire = client(l.url); // a plain godot4 client puts the bytes on the wire itself
    await wire.connect();
    list[1]!.disconnect();
    await until(() => !l.server.hasPeer(b), 5000, "B gone");
    wire.send(encodeRelay(b, bytes("03 01")));
    await until(() => events.length === 1, 5000, "drop");
    expect(events).toEqual([`dropped ${wire.getUniqueId()} WSMP_ERR_UNKNOWN_PEER`]);
    expect(l.server.hasPeer(a)).toBe(true);
  });

  it("closes a client that sends a malformed SYS packet with 1002", async () => {
    const { l, events } = await sceneServer();
    const { logs, ids } = await sceneClients(l, 1);
    const wire = client(l.url);
    await wire.connect();
    await until(() => logs[0]!.includes(`+${wire.getUniqueId()}`), 5000, "ADD_PEER");
    wire.send(bytes("07 09 00 00 00 00"));
    const [info] = await next<[{ code: number }]>(wire, "close");
    expect(info.code).toBe(1002);
    expect(events).toEqual([`protocol_error ${wire.getUniqueId()} 1002`]);
    await until(() => logs[0]!.includes(`-${wire.getUniqueId()}`), 5000, "DEL_PEER");
    expect(l.server.peers).toEqual(ids);
  });

  it("authenticates a client in-band; a wrong answer fails it", async () => {
    const { l, events } = await sceneServer({ auth: (_id, data) => Buffer.from(data).toString() === "open sesame" });
    l.server.on("peer_authenticating", (id) => l.server.sendAuth(id, "password?"));
    const good = client(l.url, {
      scene: {
        auth: (id, data) => {
          expect(Buffer.from(data).toString()).toBe("password?");
          good.sendAuth(id, "open sesame");
          return true;
        },
      },
    });
    await good.connect();
    await until(() => l.server.hasPeer(good.getUniqueId()), 5000, "admission");
    const bad = client(l.url, {
      scene: {
        auth: (id) => {
          bad.sendAuth(id, "guess");
          return true;
        },
      },
    });
    await expect(bad.connect()).rejects.toMatchObject({ code: "WSMP_ERR_AUTH_FAILED" });
    expect(events).toEqual([`auth_failed ${bad.getUniqueId()} rejected`]);
    expect(l.server.peers).toEqual([good.getUniqueId()]);
  });

  it("times out a peer that never authenticates, and drops its non-AUTH packets", async () => {
    const { l, events } = await sceneServer({ auth: () => undefined, authTimeout: 0.3 });
    const wire = client(l.url);
    const id = await wire.connect();
    wire.send(bytes("03 68 69"));
    await until(() => events.length === 1, 5000, "drop");
    expect(events).toEqual([`dropped ${id} WSMP_ERR_PROTOCOL`]);
    const [info] = await next<[{ code: number }]>(wire, "close", 5000);
    expect(info.code).toBe(4002);
    expect(events).toEqual([`dropped ${id} WSMP_ERR_PROTOCOL`, `auth_failed ${id} timeout`]);
  });

  it('"server-only" announces nobody; a relay filter refuses what it is told to', async () => {
    const only = await sceneServer({ relay: "server-only" });
    const a = client(only.l.url, { scene: true });
    const b = client(only.l.url, { scene: true });
    const aLog = observe(a);
    await Promise.all([a.connect(), b.connect()]);
    await until(() => only.l.server.peers.length === 2, 5000, "admission");
    // Anything the server sends after both joined arrives after any announcement would have.
    only.l.server.sendBytes(bytes("01"), a.getUniqueId());
    await until(() => aLog.includes("raw 1 01"), 5000, "server packet");
    expect(a.peers).toEqual([1]);
    expect(a.sendBytes(bytes("02"), b.getUniqueId())).toBe(GodotError.ERR_INVALID_PARAMETER);

    let blocked = 0;
    const filtered = await sceneServer({ relay: (_source, destination) => destination !== blocked });
    const { list, logs, ids } = await sceneClients(filtered.l, 3);
    blocked = ids[2]!;
    for (const log of logs) log.length = 0;
    list[0]!.sendBytes(bytes("aa"), 0);
    await until(() => logs[1]!.length === 1 && filtered.events.length === 1, 5000, "filtered broadcast");
    list[0]!.sendBytes(bytes("bb"), ids[2]!);
    await until(() => filtered.events.length === 2, 5000, "refused relay");
    expect(logs[2]).toEqual([]);
    expect(filtered.events).toEqual([`raw ${ids[0]} aa`, `dropped ${ids[0]} WSMP_ERR_UNKNOWN_PEER`]);
  });
});
