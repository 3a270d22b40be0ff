import { createClient as createNodeClient, createServer, GodotError } from "@wsmp/adapter-node";
import { createClientHandle, createServerHandle } from "@wsmp/conformance/handles";
import type { ClientHandle, ServerHandle } from "@wsmp/conformance/harness";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callControl, type ChromiumHarness, createChromiumHarness, type PageClient } from "./support/chromium-harness.js";
import { binary, bytesOf, text } from "./support/payload.js";
import { receiveN, waitForEvent } from "./support/wait.js";

let harness: ChromiumHarness;
let server: ServerHandle;
let url: string;
const nodeClients: ClientHandle[] = [];

beforeAll(async () => {
  harness = createChromiumHarness();
  await harness.setup();
});

afterAll(async () => {
  await harness?.dispose();
});

async function freshServer(options: Record<string, unknown> = {}): Promise<void> {
  server = await createServerHandle(createServer(0, "127.0.0.1", undefined, options));
  url = `ws://127.0.0.1:${server.port}/`;
}

afterEach(async () => {
  await harness.teardown();
  await Promise.all(nodeClients.splice(0).map((c) => c.close()));
  await server?.close();
});

async function browserClient(options?: Record<string, unknown>): Promise<PageClient> {
  return harness.startPageClient(url, undefined, options);
}

async function nodeClient(options: Record<string, unknown> = {}): Promise<ClientHandle> {
  const handle = createClientHandle(createNodeClient(url, undefined, options));
  nodeClients.push(handle);
  return handle;
}

describe("browser client against a Node server", () => {
  it("loads the single-file bundle in a plain module script", async () => {
    const exported = await harness.page.evaluate(() => {
      const wsmp = (window as unknown as { wsmp: Record<string, unknown> }).wsmp;
      // Godot values come with the bundle too: Vector2(1, 2) as Godot 4's Variant bytes.
      const variant = wsmp.variant as { Vector2: new (x: number, y: number) => unknown; encodeVariant(value: unknown, options: { version: 4 }): Uint8Array };
      const vector = [...variant.encodeVariant(new variant.Vector2(1, 2), { version: 4 })].map((b) => b.toString(16).padStart(2, "0")).join("");
      return { createClient: typeof wsmp.createClient, createServer: typeof wsmp.createServer, WebSocketClient: typeof wsmp.WebSocketClient, ErrorCode: wsmp.ErrorCode, vector };
    });
    expect(exported).toMatchObject({ createClient: "function", createServer: "function", WebSocketClient: "function", vector: "050000000000803f00000040" });
    expect(exported.ErrorCode).toMatchObject({ UNSUPPORTED: "WSMP_ERR_UNSUPPORTED" });
  });

  it("gets its id from the server and sees peer 1 connect", async () => {
    await freshServer();
    const client = await browserClient();
    const outcome = await client.connect();
    expect(outcome.ok).toBe(true);
    expect(outcome.id).toBeGreaterThanOrEqual(2);
    expect(outcome.id).toBeLessThanOrEqual(2 ** 31 - 1);
    const joined = await waitForEvent(server, "peer_connected");
    expect(joined.id).toBe(outcome.id);
    await waitForEvent(client, "connected_to_server", (e) => e.id === outcome.id);
    await waitForEvent(client, "peer_connected", (e) => e.id === 1);
    expect(await client.state()).toMatchObject({ status: 2, id: outcome.id, protocol: "", headers: null });
    const peer = await server.peer(outcome.id);
    expect(peer).toMatchObject({ address: "127.0.0.1", readyState: 1 });
  });

  it("routes broadcast, one peer and all-but-one among a browser client and Node clients", async () => {
    await freshServer();
    const browser = await browserClient();
    const nodeA = await nodeClient();
    const nodeB = await nodeClient();
    const [b, a, c] = await Promise.all([browser.connect(), nodeA.connect(), nodeB.connect()]);
    for (const o of [b, a, c]) expect(o.ok).toBe(true);
    await waitForEvent(server, "peer_connected", (e) => e.id === c.id);

    expect(await server.put(0, text("everyone"))).toBe(GodotError.OK);
    expect(await server.put(b.id, text("browser only"))).toBe(GodotError.OK);
    expect(await server.put(-b.id, text("not the browser"))).toBe(GodotError.OK);

    const toBrowser = await receiveN(browser, 2);
    expect(toBrowser.map((p) => p.data)).toEqual([text("everyone"), text("browser only")]);
    expect(toBrowser.every((p) => p.from === 1)).toBe(true);
    for (const node of [nodeA, nodeB]) {
      const got = await receiveN(node, 2);
      expect(got.map((p) => p.data)).toEqual([text("everyone"), text("not the browser")]);
    }
    expect(await browser.receive({ waitMs: 200 })).toEqual([]);

    // Packets from the browser and the Node clients reach the server tagged with their sender.
    expect(await browser.put(text("from browser"))).toBe(GodotError.OK);
    expect(await nodeA.put(text("from node"))).toBe(GodotError.OK);
    const atServer = await receiveN(server, 2);
    const bySender = new Map(atServer.map((p) => [p.from, p.data]));
    expect(bySender.get(b.id)).toEqual(text("from browser"));
    expect(bySender.get(a.id)).toEqual(text("from node"));
  });

  it("keeps text and binary apart, byte for byte, both ways", async () => {
    await freshServer();
    const client = await browserClient();
    const { id } = await client.connect();
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 0xff);
    // Empty packets report OK and send nothing, as Godot's PacketPeer.
    const results = await client.putMany([text("héllo ✓"), binary([]), binary([0]), binary(bytes), text("")]);
    expect(results).toEqual([0, 0, 0, 0, 0]);
    const got = await receiveN(server, 3);
    expect(got.map((p) => [p.from, p.isText, p.size])).toEqual([
      [id, true, 10],
      [id, false, 1],
      [id, false, 1024],
    ]);
    expect(got[0]!.data).toEqual(text("héllo ✓"));
    expect(bytesOf(got[1]!)).toEqual(new Uint8Array([0]));
    expect(bytesOf(got[2]!)).toEqual(bytes);
    expect(await server.receive({ waitMs: 100 })).toEqual([]);

    await server.putMany([
      { target: id, data: binary(bytes) },
      { target: id, data: text("ünïcode") },
      { target: id, data: binary([255]) },
    ]);
    const back = await receiveN(client, 3);
    expect(back.map((p) => [p.isText, p.size])).toEqual([
      [false, 1024],
      [true, 9],
      [false, 1],
    ]);
    expect(bytesOf(back[0]!)).toEqual(bytes);
    expect(back[1]!.data).toEqual(text("ünïcode"));
  });

  it("speaks Godot 3's relayed protocol: peers announced, packets relayed with their real sender", async () => {
    await freshServer({ dialect: "godot3" });
    const browser = await browserClient({ dialect: "godot3" });
    const node = await nodeClient({ dialect: "godot3" });
    const [b, n] = [await browser.connect(), await node.connect()];
    expect(b.ok && n.ok).toBe(true);
    await waitForEvent(browser, "peer_connected", (e) => e.id === n.id);
    await waitForEvent(node, "peer_connected", (e) => e.id === b.id);

    await browser.set("targetPeer", n.id);
    expect(await browser.put(binary([7, 8, 9]))).toBe(GodotError.OK);
    const [relayed] = await receiveN(node, 1);
    expect(relayed).toMatchObject({ from: b.id, isText: false, size: 3 });
    expect(bytesOf(relayed!)).toEqual(new Uint8Array([7, 8, 9]));

    await browser.set("targetPeer", 0);
    expect(await browser.put(binary([1]))).toBe(GodotError.OK);
    const [atServer] = await receiveN(server, 1);
    expect(atServer).toMatchObject({ from: b.id, size: 1 });
    expect((await receiveN(node, 1))[0]).toMatchObject({ from: b.id, size: 1 });

    await node.close();
    await waitForEvent(browser, "peer_disconnected", (e) => e.id === n.id);
  });

  it("sends its close code and reason to the server", async () => {
    await freshServer();
    const client = await browserClient();
    const { id } = await client.connect();
    await client.disconnect(4321, "going home");
    const request = await waitForEvent(server, "client_close_request", (e) => e.id === id);
    expect(request).toMatchObject({ code: 4321, reason: "going home" });
    const left = await waitForEvent(server, "peer_disconnected", (e) => e.id === id);
    expect(left).toMatchObject({ code: 4321, reason: "going home" });
    await waitForEvent(client, "close");
  });

  it("receives the server's close code and reason", async () => {
    await freshServer();
    const client = await browserClient();
    const { id } = await client.connect();
    expect(await server.disconnectPeer(id, { code: 4100, reason: "kicked" })).toBe(true);
    const request = await waitForEvent(client, "server_close_request");
    expect(request).toMatchObject({ code: 4100, reason: "kicked" });
    const gone = await waitForEvent(client, "server_disconnected");
    expect(gone).toMatchObject({ code: 4100, reason: "kicked", wasClean: true });
    expect(await client.state()).toMatchObject({ status: 0, closeCode: 4100, closeReason: "kicked" });
  });

  it("sends close codes a browser may not use as code + 3000", async () => {
    await freshServer();
    const client = await browserClient();
    const { id } = await client.connect();
    await client.disconnect(1001, "tab closed");
    const left = await waitForEvent(server, "peer_disconnected", (e) => e.id === id);
    expect(left).toMatchObject({ code: 4001, reason: "tab closed" });
    // The client still records the code it asked for.
    expect(await client.state()).toMatchObject({ closeCode: 1001, closeReason: "tab closed" });
  });

  it("closes with 4009 (1009 + 3000) when a message exceeds inboundBufferSize, other peers unaffected", async () => {
    await freshServer();
    const client = await browserClient({ inboundBufferSize: 100 });
    const other = await nodeClient();
    const [{ id }, otherOutcome] = await Promise.all([client.connect(), other.connect()]);
    await server.put(id, binary(new Uint8Array(100)));
    expect((await receiveN(client, 1))[0]!.size).toBe(100);
    await server.put(id, binary(new Uint8Array(101)));
    const error = await waitForEvent(client, "protocol_error");
    expect(error).toMatchObject({ peer: 1, code: "WSMP_ERR_MESSAGE_TOO_BIG", closeCode: 1009 });
    const left = await waitForEvent(server, "peer_disconnected", (e) => e.id === id);
    expect(left.code).toBe(4009);
    expect(await server.put(otherOutcome.id, text("still here"))).toBe(GodotError.OK);
    expect((await receiveN(other, 1))[0]!.data).toEqual(text("still here"));
  });

  it("terminate() closes with 3001 \"destroyed\", as Godot's web export does", async () => {
    await freshServer();
    const client = await browserClient();
    const { id } = await client.connect();
    await client.terminate();
    const left = await waitForEvent(server, "peer_disconnected", (e) => e.id === id);
    expect(left).toMatchObject({ code: 3001, reason: "destroyed" });
  });

  it("reports a refused connection as connection_failed (WSMP_ERR_TRANSPORT)", async () => {
    await freshServer();
    const port = server.port;
    await server.close();
    url = `ws://127.0.0.1:${port}/`;
    const client = await browserClient();
    const outcome = await client.connect();
    expect(outcome).toMatchObject({ ok: false, code: "WSMP_ERR_TRANSPORT" });
    await waitForEvent(client, "connection_failed", (e) => e.code === "WSMP_ERR_TRANSPORT");
    expect((await client.state()).status).toBe(0);
  });

  it("negotiates a subprotocol through the browser's WebSocket", async () => {
    await freshServer({ supportedProtocols: ["godot-a", "godot-b"] });
    const client = await browserClient({ supportedProtocols: ["other", "godot-b"] });
    const outcome = await client.connect();
    expect(outcome.ok).toBe(true);
    expect((await client.state()).protocol).toBe("godot-b");
    expect(await server.peer(outcome.id)).toMatchObject({ protocol: "godot-b" });
  });
});

describe("what a browser cannot do", () => {
  it("createServer throws UnsupportedError at once", async () => {
    const error = await callControl(harness.page, "createServer", [0, "*"]);
    expect(error).toMatchObject({ ok: false, error: { name: "UnsupportedError", code: "WSMP_ERR_UNSUPPORTED", godotError: GodotError.ERR_UNAVAILABLE } });
  });

  it("handshakeHeaders throw UnsupportedError, as an option and as a property", async () => {
    await freshServer();
    await expect(harness.startPageClient(url, undefined, { handshakeHeaders: ["X-Team: blue"] })).rejects.toMatchObject({
      name: "UnsupportedError",
      code: "WSMP_ERR_UNSUPPORTED",
    });
    const client = await browserClient({ handshakeHeaders: [] });
    await expect(client.set("handshakeHeaders", ["X-Team: blue"])).rejects.toMatchObject({ code: "WSMP_ERR_UNSUPPORTED" });
    await client.set("handshakeHeaders", []);
    expect(await client.get("handshakeHeaders")).toEqual([]);
    expect((await client.connect()).ok).toBe(true);
  });

  it.each([
    ["a trusted CA", { kind: "client", trustedCa: "-----BEGIN CERTIFICATE-----\n" }],
    ["a common name override", { kind: "client", commonNameOverride: "example.test" }],
    ["unsafe TLS", { kind: "client", unsafe: true }],
  ])("TLS options with %s throw UnsupportedError", async (_what, tls) => {
    await expect(harness.startPageClient("wss://127.0.0.1:1/", tls)).rejects.toMatchObject({ name: "UnsupportedError", code: "WSMP_ERR_UNSUPPORTED" });
    expect(await callControl(harness.page, "openClients")).toBe(0);
  });

  it("accepts TLSOptions.client() with nothing in it (the browser's own checks)", async () => {
    await freshServer();
    const client = await harness.startPageClient(url, { kind: "client" });
    expect((await client.connect()).ok).toBe(true);
  });
});
