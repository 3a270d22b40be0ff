import { spawnSync } from "node:child_process";
import { type ClientEvents, createClient, type MultiplayerClient } from "@wsmp/adapter-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeApp, encodePing } from "../src/shared/app-protocol.js";
import type { AdminState } from "../src/shared/admin-types.js";
import { MAIN, type PlaygroundProcess, startPlaygroundProcess } from "./support/playground-process.js";

const clients: MultiplayerClient[] = [];

function connect(url: string, options: Parameters<typeof createClient>[2]): MultiplayerClient {
  const client = createClient(url, undefined, options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function adminState(origin: string): Promise<AdminState> {
  return (await (await fetch(`${origin}/admin/state`)).json()) as AdminState;
}

function nextEvent<T extends unknown[]>(client: MultiplayerClient, name: keyof ClientEvents, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    client.events.once(name, ((...args: T) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

describe("the playground command", () => {
  it("prints its usage with --help and refuses unknown flags with exit code 2", () => {
    const help = spawnSync(process.execPath, [MAIN, "--help"], { encoding: "utf8", timeout: 10_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--dialect godot4|godot3|raw");
    const bad = spawnSync(process.execPath, [MAIN, "--dialect", "godot5"], { encoding: "utf8", timeout: 10_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--dialect needs one of godot4, godot3, raw, got "godot5"');
  });
});

describe("the playground server (node, godot4, limits from flags)", () => {
  let server: PlaygroundProcess;
  beforeAll(async () => {
    server = await startPlaygroundProcess("node", ["--protocols", "wsmp-demo", "--max-queued-packets", "64", "--handshake-timeout", "2"]);
  });
  afterAll(() => server?.stop());

  it("serves the page, its assets and /info on the multiplayer port", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<canvas id="board"');
    expect((await fetch(`${server.origin}/server`)).status).toBe(200);
    const app = await fetch(`${server.origin}/app.js`);
    expect(app.headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${server.origin}/nope`)).status).toBe(404);
    expect(await (await fetch(`${server.origin}/info`)).json()).toEqual({ runtime: "node", dialect: "godot4", protocols: ["wsmp-demo"] });
  });

  it("passes the limits on to the server and answers admin calls with JSON", async () => {
    const state = await adminState(server.origin);
    expect(state).toMatchObject({ runtime: "node", dialect: "godot4", port: server.port, peers: [] });
    expect(state.settings).toMatchObject({ maxQueuedPackets: 64, handshakeTimeout: 2, supportedProtocols: ["wsmp-demo"], inboundBufferSize: 65535 });
    const unknown = await fetch(`${server.origin}/admin/disconnect`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 12345 }) });
    expect(unknown.status).toBe(404);
    const garbage = await fetch(`${server.origin}/admin/disconnect`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(garbage.status).toBe(400);
  });

  it("refuses a client without the subprotocol and takes one with it", async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    await expect(connect(url, { scene: true }).connect()).rejects.toThrow();
    const client = connect(url, { scene: true, supportedProtocols: ["wsmp-demo"] });
    const id = await client.connect();
    await server.waitForLine(new RegExp(`^\\+ peer ${id} joined from 127\\.0\\.0\\.1:\\d+ \\(wsmp-demo\\) · 1 peer$`));
    expect(client.getSelectedProtocol()).toBe("wsmp-demo");
  });

  it("answers a ping with its peer count, lists the peer and disconnects it with a code and reason", async () => {
    const client = connect(`ws://127.0.0.1:${server.port}`, { scene: true, supportedProtocols: ["wsmp-demo"] });
    const id = await client.connect();
    const pong = nextEvent<[number, Uint8Array]>(client, "peer_packet");
    client.sendBytes(encodePing(42), 1);
    const [from, data] = await pong;
    expect(from).toBe(1);
    expect(decodeApp(data)).toEqual({ kind: "pong", sent: 42, peerCount: 1 });

    const listed = (await adminState(server.origin)).peers.find((peer) => peer.id === id);
    expect(listed).toMatchObject({ id, address: "127.0.0.1", protocol: "wsmp-demo", queued: 0 });
    expect(listed?.port).toBeGreaterThan(0);

    const closed = client.whenClosed;
    const answer = await fetch(`${server.origin}/admin/disconnect`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id, code: 4002, reason: "bye" }) });
    expect(answer.status).toBe(200);
    await expect(closed).resolves.toMatchObject({ code: 4002, reason: "bye" });
    await server.waitForLine(new RegExp(`^- peer ${id} closed by the server, code 4002 "bye" · 0 peers$`));
    const badCode = await fetch(`${server.origin}/admin/disconnect`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 2, code: 1005 }) });
    expect([400, 404]).toContain(badCode.status);
  });
});

describe("the playground server (node, raw)", () => {
  let server: PlaygroundProcess;
  beforeAll(async () => {
    server = await startPlaygroundProcess("node", ["--dialect", "raw", "--quiet"]);
  });
  afterAll(() => server?.stop());

  it("passes chat text on to the other connections and answers pings to the sender only", async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    const [a, b] = [connect(url, { dialect: "raw" }), connect(url, { dialect: "raw" })];
    await Promise.all([a.connect(), b.connect()]);
    await expect.poll(async () => (await adminState(server.origin)).peers.length, { timeout: 5_000 }).toBe(2);
    const received = nextEvent<[]>(b, "data_received");
    a.getPeer(1)?.send("hello from a");
    await received;
    const peer = b.getPeer(1);
    expect(new TextDecoder().decode(peer?.getPacket())).toBe("hello from a");
    expect(peer?.wasStringPacket()).toBe(true);

    const pong = nextEvent<[]>(a, "data_received");
    a.getPeer(1)?.send(encodePing(7));
    await pong;
    expect(decodeApp(a.getPeer(1)?.getPacket() ?? new Uint8Array(0))).toEqual({ kind: "pong", sent: 7, peerCount: 2 });
    expect(b.getPeer(1)?.getAvailablePacketCount()).toBe(0);
    expect(server.lines.some((line) => line.startsWith("+ peer"))).toBe(false);
  });
});
