import { createServer, GodotError, type MultiplayerServer, type ServerOptions } from "@wsmp/adapter-node";
import { afterEach, describe, expect, it } from "vitest";
import { type BunChild, type ChildEvent, startBunChild, stopBunChildren } from "./support/bun-child.js";
import { bytes, closeNodeSide, hex, nodeClient, observe, track, until } from "./support/node-side.js";

afterEach(async () => {
  await closeNodeSide();
  await stopBunChildren();
});

/** A Node scene server on 127.0.0.1 and an ephemeral port, logging packets and failures. */
async function nodeSceneServer(scene: ServerOptions["scene"] = true) {
  const server: MultiplayerServer = track(createServer(0, "127.0.0.1", undefined, { scene }));
  const { port } = await server.listen();
  const events: string[] = [];
  server.on("peer_packet", (from, data) => events.push(`raw ${from} ${hex(data)}`));
  server.on("packet_dropped", (info) => events.push(`dropped ${info.peer} ${info.code}`));
  server.on("peer_authentication_failed", (id, reason) => events.push(`auth_failed ${id} ${reason}`));
  return { server, url: `ws://127.0.0.1:${port}`, events };
}

/** A Bun scene client, connected and admitted. */
async function bunSceneClient(server: MultiplayerServer, url: string): Promise<{ bun: BunChild; id: number }> {
  const bun = startBunChild("client", url);
  const { id } = await bun.waitFor((e) => e.ev === "connected", 15_000, "connected");
  await until(() => server.hasPeer(id as number), 10_000, "admission");
  return { bun, id: id as number };
}

/** What a Bun client reported, as short strings. */
const clientLog = (bun: BunChild): string[] =>
  bun.events.flatMap((e: ChildEvent) => (e.ev === "+" ? [`+${e.id}`] : e.ev === "-" ? [`-${e.id}`] : e.ev === "raw" ? [`raw ${e.from} ${e.hex}`] : []));

describe("Godot 4 scene layer: Node server, Bun clients", () => {
  it("announces joins both ways between Bun and Node clients, and a leave", async () => {
    const { server, url } = await nodeSceneServer();
    const a = await bunSceneClient(server, url);
    const b = await bunSceneClient(server, url);
    const node = nodeClient(url, { scene: true });
    const nodeLog = observe(node);
    const c = await node.connect();
    await until(() => clientLog(a.bun).includes(`+${c}`) && clientLog(b.bun).includes(`+${c}`) && nodeLog.length === 3, 10_000, "announcements");
    expect(clientLog(a.bun)).toEqual(["+1", `+${b.id}`, `+${c}`]);
    expect(clientLog(b.bun)).toEqual(["+1", `+${a.id}`, `+${c}`]);
    expect(nodeLog).toEqual(["+1", `+${a.id}`, `+${b.id}`]);
    b.bun.command({ op: "disconnect" });
    await until(() => clientLog(a.bun).includes(`-${b.id}`) && nodeLog.includes(`-${b.id}`), 10_000, "DEL_PEER");
  });

  it("relays a Bun client's sendBytes to one, all and all but one with the real source, and delivers to it", async () => {
    const { server, url, events } = await nodeSceneServer();
    const a = await bunSceneClient(server, url);
    const nodes = [nodeClient(url, { scene: true }), nodeClient(url, { scene: true })];
    const logs = nodes.map(observe);
    const [b, c] = (await Promise.all(nodes.map((n) => n.connect()))) as [number, number];
    await until(() => clientLog(a.bun).length === 3 && nodes.every((n) => n.peers.length === 3), 10_000, "announcements");
    for (const log of logs) log.length = 0;
    for (const [h, to] of [["01", b], ["02", 0], ["03", -c], ["04", 1]] as const) a.bun.command({ op: "send", hex: h, to });
    await until(() => logs[0]!.length === 3 && logs[1]!.length === 1 && events.length === 3, 10_000, "relayed packets");
    expect(a.bun.events.filter((e) => e.ev === "sent").map((e) => e.result)).toEqual([0, 0, 0, 0]);
    expect(logs[0]).toEqual([`raw ${a.id} 01`, `raw ${a.id} 02`, `raw ${a.id} 03`]);
    expect(logs[1]).toEqual([`raw ${a.id} 02`]);
    expect(events).toEqual([`raw ${a.id} 02`, `raw ${a.id} 03`, `raw ${a.id} 04`]);
    expect(nodes[0]!.sendBytes(bytes("aa"), a.id)).toBe(GodotError.OK);
    expect(server.sendBytes(bytes("bb"), a.id)).toBe(GodotError.OK);
    await until(() => clientLog(a.bun).filter((l) => l.startsWith("raw")).length === 2, 10_000, "packets to the Bun client");
    // Two senders, so no order between them.
    expect(clientLog(a.bun).filter((l) => l.startsWith("raw")).sort()).toEqual([`raw ${b} aa`, "raw 1 bb"].sort());
  });

  it("refuses a Bun client's relay to a peer that left, and nothing arrives", async () => {
    const { server, url, events } = await nodeSceneServer();
    const a = await bunSceneClient(server, url);
    const b = await bunSceneClient(server, url);
    await until(() => clientLog(a.bun).includes(`+${b.id}`), 10_000, "ADD_PEER");
    b.bun.command({ op: "disconnect" });
    await until(() => clientLog(a.bun).includes(`-${b.id}`), 10_000, "DEL_PEER");
    a.bun.command({ op: "send", hex: "03", to: b.id });
    a.bun.command({ op: "send", hex: "04", to: 1 });
    await until(() => events.length === 1, 10_000, "the packet after");
    expect(a.bun.events.filter((e) => e.ev === "sent").map((e) => e.result)).toEqual([GodotError.ERR_INVALID_PARAMETER, GodotError.OK]);
    expect(events).toEqual([`raw ${a.id} 04`]);
  });

  it("answers the server's auth question: the right answer is admitted, a wrong one is closed", async () => {
    const { server, url, events } = await nodeSceneServer({ auth: (_id, data) => Buffer.from(data).toString() === "open sesame" });
    server.on("peer_authenticating", (id) => server.sendAuth(id, "password?"));
    const good = startBunChild("client", url, "open sesame");
    const { id } = await good.waitFor((e) => e.ev === "connected" || e.ev === "connect_failed", 15_000, "connected");
    expect(good.events.find((e) => e.ev === "asked")?.text).toBe("password?");
    await until(() => server.hasPeer(id as number), 10_000, "admission");
    const bad = startBunChild("client", url, "guess");
    const failed = await bad.waitFor((e) => e.ev === "connect_failed" || e.ev === "connected", 15_000, "refusal");
    expect(failed).toMatchObject({ ev: "connect_failed", code: "WSMP_ERR_AUTH_FAILED" });
    expect(events).toEqual([expect.stringMatching(/^auth_failed \d+ rejected$/)]);
    expect(server.peers).toEqual([id]);
  });
});
