import { createClient, createServer, type MultiplayerClient, type MultiplayerServer } from "@wsmp/adapter-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// The Bun scene fixture of @wsmp/adapter-bun: a scene server in a Bun child process over stdio.
import { startBunChild, stopBunChildren } from "../../adapter-bun/test/support/bun-child.js";
import { type ChromiumHarness, createChromiumHarness } from "./support/chromium-harness.js";
import { closePageSceneClients, startPageSceneClient } from "./support/scene-page.js";

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));

/** A scene server under test, Node or Bun, seen from the test. */
interface SceneServer {
  readonly url: string;
  /** "raw from hex" and "auth_failed id reason", in arrival order. */
  log(): string[];
  sendBytes(hex: string, to: number): Promise<void>;
  close(): Promise<void>;
}

/** `secret`: the server asks "password?" and admits the peer that answers it. */
type ServerMaker = (secret?: string) => Promise<SceneServer>;

async function nodeSceneServer(secret?: string): Promise<SceneServer> {
  const scene = secret === undefined ? true : { auth: (_id: number, data: Uint8Array) => Buffer.from(data).toString() === secret };
  const server: MultiplayerServer = createServer(0, "127.0.0.1", undefined, { scene });
  const events: string[] = [];
  server.on("peer_packet", (from, data) => events.push(`raw ${from} ${hex(data)}`));
  server.on("peer_authentication_failed", (id, reason) => events.push(`auth_failed ${id} ${reason}`));
  if (secret !== undefined) server.on("peer_authenticating", (id) => server.sendAuth(id, "password?"));
  const { port } = await server.listen();
  return {
    url: `ws://127.0.0.1:${port}`,
    log: () => [...events],
    sendBytes: async (h, to) => void server.sendBytes(bytes(h), to),
    close: () => server.close(),
  };
}

async function bunSceneServer(secret?: string): Promise<SceneServer> {
  const bun = startBunChild("server", JSON.stringify(secret === undefined ? {} : { secret }));
  const { port } = await bun.waitFor((e) => e.ev === "listening", 15_000, "listening");
  return {
    url: `ws://127.0.0.1:${port as number}`,
    log: () => bun.events.flatMap((e) => (e.ev === "raw" ? [`raw ${e.from} ${e.hex}`] : e.ev === "auth_failed" ? [`auth_failed ${e.id} ${e.reason}`] : [])),
    sendBytes: async (h, to) => {
      const before = bun.events.filter((e) => e.ev === "sent").length;
      bun.command({ op: "send", hex: h, to });
      await bun.waitFor(() => bun.events.filter((e) => e.ev === "sent").length > before, 10_000, "sent");
    },
    close: () => bun.stop(),
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let harness: ChromiumHarness;
const servers: SceneServer[] = [];
const nodeClients: MultiplayerClient[] = [];

beforeAll(async () => {
  harness = createChromiumHarness();
  await harness.setup();
});

afterEach(async () => {
  await closePageSceneClients(harness.page);
  for (const c of nodeClients.splice(0)) c.disconnect();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await stopBunChildren();
});

afterAll(async () => {
  await harness?.dispose();
});

/** A Node scene client that logs what it sees, connected. */
async function nodeSceneClient(url: string): Promise<{ client: MultiplayerClient; id: number; log: string[] }> {
  const client = createClient(url, undefined, { scene: true });
  nodeClients.push(client);
  const log: string[] = [];
  client.on("peer_connected", (id) => log.push(`+${id}`));
  client.on("peer_disconnected", (id) => log.push(`-${id}`));
  client.on("peer_packet", (from, data) => log.push(`raw ${from} ${hex(data)}`));
  return { client, id: await client.connect(), log };
}

describe.each([
  ["Node", nodeSceneServer],
  ["Bun", bunSceneServer],
] as [string, ServerMaker][])("Godot 4 scene layer: Chromium page client, %s scene server, Node clients", (_name, make) => {
  async function start(secret?: string): Promise<SceneServer> {
    const server = await make(secret);
    servers.push(server);
    return server;
  }

  it("sees the other peers from ADD_PEER / DEL_PEER, and is announced to them", async () => {
    const server = await start();
    const first = await nodeSceneClient(server.url);
    const page = await startPageSceneClient(harness.page, server.url);
    const joined = await page.connect();
    if (!("id" in joined)) throw new Error(`page client failed: ${joined.code}`);
    const second = await nodeSceneClient(server.url);
    await until(async () => (await page.log()).length === 3 && first.log.length === 3 && second.log.length === 3, 10_000, "announcements");
    expect(await page.log()).toEqual(["+1", `+${first.id}`, `+${second.id}`]);
    expect(first.log).toEqual(["+1", `+${joined.id}`, `+${second.id}`]);
    expect([...second.log].sort()).toEqual(["+1", `+${first.id}`, `+${joined.id}`].sort());
    second.client.disconnect();
    await until(async () => (await page.log()).includes(`-${second.id}`), 10_000, "DEL_PEER");
    expect((await page.peers()).sort()).toEqual([1, first.id].sort());
  });

  it("relays the page's sendBytes to one, all and all but one with the real source, and delivers to the page", async () => {
    const server = await start();
    const page = await startPageSceneClient(harness.page, server.url);
    const joined = await page.connect();
    if (!("id" in joined)) throw new Error(`page client failed: ${joined.code}`);
    const p = joined.id;
    const b = await nodeSceneClient(server.url);
    const c = await nodeSceneClient(server.url);
    await until(async () => (await page.peers()).length === 3 && b.client.peers.length === 3 && c.client.peers.length === 3, 10_000, "announcements");
    b.log.length = 0;
    c.log.length = 0;
    expect(await page.sendBytes("01", b.id)).toBe(0);
    expect(await page.sendBytes("02", 0)).toBe(0);
    expect(await page.sendBytes("03", -c.id)).toBe(0);
    expect(await page.sendBytes("04", 1)).toBe(0);
    await until(() => b.log.length === 3 && c.log.length === 1 && server.log().length === 3, 10_000, "relayed packets");
    expect(b.log).toEqual([`raw ${p} 01`, `raw ${p} 02`, `raw ${p} 03`]);
    expect(c.log).toEqual([`raw ${p} 02`]);
    expect(server.log()).toEqual([`raw ${p} 02`, `raw ${p} 03`, `raw ${p} 04`]);
    b.client.sendBytes(bytes("aa"), p);
    await server.sendBytes("bb", p);
    const raw = async () => (await page.log()).filter((l) => l.startsWith("raw"));
    await until(async () => (await raw()).length === 2, 10_000, "packets to the page");
    // Two senders, so no order between them.
    expect((await raw()).sort()).toEqual([`raw ${b.id} aa`, "raw 1 bb"].sort());
  });

  it("answers the server's auth question: the right answer is admitted, a wrong one is closed", async () => {
    const server = await start("open sesame");
    const good = await startPageSceneClient(harness.page, server.url, "open sesame");
    const admitted = await good.connect();
    expect(admitted).toMatchObject({ id: expect.any(Number) });
    expect(await good.log()).toContain("asked password?");
    const bad = await startPageSceneClient(harness.page, server.url, "guess");
    expect(await bad.connect()).toEqual({ code: "WSMP_ERR_AUTH_FAILED" });
    await until(() => server.log().length === 1, 10_000, "auth failure");
    expect(server.log()).toEqual([expect.stringMatching(/^auth_failed \d+ rejected$/)]);
  });
});
