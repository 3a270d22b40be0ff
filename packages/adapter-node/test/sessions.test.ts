import { request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSessionServer, type JoinRefusal, type SessionServer, type SessionServerOptions } from "../src/index.js";
import { client, closeAll, track, trackSocket, until } from "./helpers.js";

async function sessions(options: SessionServerOptions = {}): Promise<{ server: SessionServer; url: string; port: number }> {
  const server = track(createSessionServer(0, "127.0.0.1", undefined, options));
  const { port } = await server.listen();
  return { server, port, url: `ws://127.0.0.1:${port}` };
}

/** The HTTP status a plain WebSocket upgrade request to `path` gets. */
function upgradeStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" } });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on("error", reject);
    req.end();
  });
}

afterEach(closeAll);

describe("sessions on Node", () => {
  it("two sessions on one port: each client reaches its own session's server and peers only", async () => {
    const { server, url } = await sessions({ dialect: "godot3" });
    const [a1, a2, b1] = [client(`${url}/alpha`, { dialect: "godot3" }), client(`${url}/alpha`, { dialect: "godot3" }), client(`${url}/beta`, { dialect: "godot3" })];
    await Promise.all([a1, a2, b1].map((c) => c.connect()));
    const alpha = server.getSession("alpha")!;
    const beta = server.getSession("beta")!;
    await until(() => alpha.peers.length === 2 && beta.peers.length === 1 && a1.peers.length === 2);
    // Godot 3 relay: a1 broadcasts; a2 and alpha's server get it, beta's side nothing.
    a1.send("hi", 0);
    await until(() => a2.getAvailablePacketCount() === 1 && alpha.getAvailablePacketCount() === 1);
    const packet = a2.receive()!;
    expect(packet.from).toBe(a1.getUniqueId());
    expect(new TextDecoder().decode(packet.data as Uint8Array)).toBe("hi");
    expect(b1.getAvailablePacketCount()).toBe(0);
    expect(beta.getAvailablePacketCount()).toBe(0);
    expect(b1.peers).toEqual([1]);
    expect(server.listSessions()).toEqual([
      { name: "alpha", peers: 2, origin: "join" },
      { name: "beta", peers: 1, origin: "join" },
    ]);
  });

  it("refusals get their HTTP status on a real socket: 404 unknown or unnamed, 503 full; a session's page joins once it exists", async () => {
    const { server, port } = await sessions({ createSessions: "application", maxPeers: 1 });
    const refused: JoinRefusal[] = [];
    server.on("join_refused", (info) => refused.push(info));
    expect(await upgradeStatus(port, "/nope")).toBe(404);
    const failed = await client(`ws://127.0.0.1:${port}/nope`).connect().then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    expect(failed?.code).toBe("WSMP_ERR_TRANSPORT");
    expect(failed?.message).toContain("404");
    expect(await upgradeStatus(port, "/")).toBe(404);
    server.createSession("room");
    const first = client(`ws://127.0.0.1:${port}/room`);
    await first.connect();
    await until(() => server.getSession("room")!.peers.length === 1);
    expect(await upgradeStatus(port, "/room")).toBe(503);
    expect(refused.map((r) => [r.refusal, r.status])).toEqual([
      ["unknown_session", 404],
      ["unknown_session", 404],
      ["no_session_named", 404],
      ["session_full", 503],
    ]);
  });

  it("a TCP connection that never names a session is dropped handshakeTimeout after accept", async () => {
    const { port } = await sessions({ handshakeTimeout: 0.2 });
    const socket = trackSocket(connect(port, "127.0.0.1"));
    const started = Date.now();
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("closing the server closes every session's peers", async () => {
    const { server, url } = await sessions();
    const c = client(`${url}/one`);
    const d = client(`${url}/two`);
    await Promise.all([c.connect(), d.connect()]);
    await server.close();
    expect((await c.whenClosed).code).toBe(1000);
    expect((await d.whenClosed).code).toBe(1000);
    expect(server.sessions).toEqual([]);
  });
});
