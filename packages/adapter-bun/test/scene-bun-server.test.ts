import { GodotError, type MultiplayerClient } from "@wsmp/adapter-node";
import { encodeRelay } from "@wsmp/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type BunChild, type ChildEvent, startBunChild, stopBunChildren } from "./support/bun-child.js";
import { bytes, closeNodeSide, nodeClient, observe, until } from "./support/node-side.js";

afterEach(async () => {
  await closeNodeSide();
  await stopBunChildren();
});

/** A Bun scene server on 127.0.0.1 and an ephemeral port. */
async function bunSceneServer(config: { secret?: string; authTimeout?: number } = {}): Promise<{ bun: BunChild; url: string }> {
  const bun = startBunChild("server", JSON.stringify(config));
  const { port } = await bun.waitFor((e) => e.ev === "listening", 15_000, "listening");
  return { bun, url: `ws://127.0.0.1:${port as number}` };
}

/** What the Bun server reported, as short strings, leaving out joins and leaves. */
const serverLog = (bun: BunChild): string[] =>
  bun.events.flatMap((e: ChildEvent) =>
    e.ev === "raw" ? [`raw ${e.from} ${e.hex}`] : e.ev === "dropped" ? [`dropped ${e.peer} ${e.code}`] : e.ev === "auth_failed" ? [`auth_failed ${e.id} ${e.reason}`] : [],
  );

/** Node scene clients joining one after the other, each admitted before the next. */
async function nodeSceneClients(bun: BunChild, url: string, count: number) {
  const list: MultiplayerClient[] = [];
  const logs: string[][] = [];
  for (let i = 0; i < count; i++) {
    const c = nodeClient(url, { scene: true });
    logs.push(observe(c));
    const id = await c.connect();
    await bun.waitFor((e) => e.ev === "+" && e.id === id, 10_000, `admission of ${id}`);
    list.push(c);
  }
  await until(() => list.every((c) => c.peers.length === count), 10_000, "announcements");
  return { list, logs, ids: list.map((c) => c.getUniqueId()) };
}

describe("Godot 4 scene layer: Bun server, Node clients", () => {
  it("announces joins both ways and a leave to the rest", async () => {
    const { bun, url } = await bunSceneServer();
    const { list, logs, ids } = await nodeSceneClients(bun, url, 3);
    const [a, b, c] = ids as [number, number, number];
    expect(logs[0]).toEqual(["+1", `+${b}`, `+${c}`]);
    expect(logs[1]).toEqual(["+1", `+${a}`, `+${c}`]);
    expect(logs[2]).toEqual(["+1", `+${a}`, `+${b}`]);
    list[1]!.disconnect();
    await until(() => logs[0]!.includes(`-${b}`) && logs[2]!.includes(`-${b}`), 10_000, "DEL_PEER");
    expect(list[0]!.peers.sort()).toEqual([1, c].sort());
  });

  it("relays to one, all, all but one and -1 with the real source; the server sends too", async () => {
    const { bun, url } = await bunSceneServer();
    const { list, logs, ids } = await nodeSceneClients(bun, url, 4);
    const [a, b, c, d] = ids as [number, number, number, number];
    for (const log of logs) log.length = 0;
    const sender = list[0]!;
    expect(sender.sendBytes(bytes("01"), b)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("02"), 0)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("03"), -c)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("04"), -1)).toBe(GodotError.OK);
    expect(sender.sendBytes(bytes("05"), 1)).toBe(GodotError.OK);
    await until(() => logs[1]!.length === 4 && logs[2]!.length === 2 && logs[3]!.length === 3 && serverLog(bun).length === 3, 10_000, "relayed packets");
    expect(logs[1]).toEqual([`raw ${a} 01`, `raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(logs[2]).toEqual([`raw ${a} 02`, `raw ${a} 04`]);
    expect(logs[3]).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 04`]);
    expect(serverLog(bun)).toEqual([`raw ${a} 02`, `raw ${a} 03`, `raw ${a} 05`]);
    expect(logs[0]).toEqual([]);
    bun.command({ op: "send", hex: "ff", to: -d });
    await bun.waitFor((e) => e.ev === "sent");
    await until(() => logs[0]!.length === 1 && logs[1]!.length === 5, 10_000, "server sendBytes");
    expect(logs[0]).toEqual(["raw 1 ff"]);
    expect(logs[3]).toHaveLength(3);
  });

  it("drops a relay to a peer that left, with packet_dropped", async () => {
    const { bun, url } = await bunSceneServer();
    const { list, ids } = await nodeSceneClients(bun, url, 2);
    const b = ids[1]!;
    const wire = nodeClient(url); // a plain godot4 client puts the relay bytes on the wire itself
    await wire.connect();
    list[1]!.disconnect();
    await bun.waitFor((e) => e.ev === "-" && e.id === b, 10_000, "B gone");
    wire.send(encodeRelay(b, bytes("03 01")));
    await until(() => serverLog(bun).length === 1, 10_000, "drop");
    expect(serverLog(bun)).toEqual([`dropped ${wire.getUniqueId()} WSMP_ERR_UNKNOWN_PEER`]);
  });

  it("authenticates in-band: the right answer is admitted, a wrong one fails", async () => {
    const { bun, url } = await bunSceneServer({ secret: "open sesame" });
    const asked: string[] = [];
    const good: MultiplayerClient = nodeClient(url, {
      scene: {
        auth: (id, data) => {
          asked.push(Buffer.from(data).toString());
          good.sendAuth(id, "open sesame");
          return true;
        },
      },
    });
    const id = await good.connect();
    await bun.waitFor((e) => e.ev === "+" && e.id === id, 10_000, "admission");
    expect(asked).toEqual(["password?"]);
    const bad: MultiplayerClient = nodeClient(url, { scene: { auth: (peer) => (bad.sendAuth(peer, "guess"), true) } });
    await expect(bad.connect()).rejects.toMatchObject({ code: "WSMP_ERR_AUTH_FAILED" });
    await until(() => serverLog(bun).length === 1, 10_000, "auth failure");
    expect(serverLog(bun)).toEqual([`auth_failed ${bad.getUniqueId()} rejected`]);
  });

  it("times out a peer that never authenticates", async () => {
    const { bun, url } = await bunSceneServer({ secret: "never", authTimeout: 0.3 });
    const wire = nodeClient(url);
    const id = await wire.connect();
    const closed = new Promise<number>((resolve) => wire.once("close", (info) => resolve(info.code)));
    await bun.waitFor((e) => e.ev === "auth_failed", 10_000, "auth timeout");
    expect(serverLog(bun)).toEqual([`auth_failed ${id} timeout`]);
    expect(await closed).toBe(4002);
  });
});
