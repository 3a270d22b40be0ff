import { createServer as createHttpServer, get, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { attachServer, attachSessionServer } from "../src/index.js";
import { client, closeAll, next, track, until } from "./helpers.js";

/** An application's HTTP server on an ephemeral loopback port that answers every plain request itself. */
async function appServer(): Promise<{ http: Server; port: number }> {
  const http = createHttpServer((req, res) => res.end(`app ${req.url}`));
  track({ close: () => new Promise((resolve) => http.close(resolve)) });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  return { http, port: typeof address === "object" && address ? address.port : 0 };
}

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(`${res.statusCode} ${body}`));
    }).on("error", reject);
  });
}

afterEach(closeAll);

describe("attachServer (one port with an HTTP application)", () => {
  it("takes upgrades on its path, leaves plain requests and other paths to the application, and detaches on close", async () => {
    const { http, port } = await appServer();
    const server = track(attachServer(http, { path: "/game" }));
    expect((await server.listen()).port).toBe(port);
    const joined = next<[number]>(server, "peer_connected");
    const peer = client(`ws://127.0.0.1:${port}/game?token=x`);
    const id = await peer.connect();
    expect((await joined)[0]).toBe(id);
    const got = next<[{ from: number; data: unknown }]>(server, "packet");
    peer.send("hello");
    expect((await got)[0]).toMatchObject({ from: id, data: "hello" });
    expect(await fetchText(port, "/game")).toBe("200 app /game");
    expect(await fetchText(port, "/")).toBe("200 app /");
    // An upgrade on another path: nobody else takes upgrades, so it is answered 404.
    const stray = client(`ws://127.0.0.1:${port}/elsewhere`);
    await expect(stray.connect()).rejects.toThrow();
    expect(server.traffic.messagesIn).toBe(1);

    const closed = next<[{ code: number }]>(peer, "server_disconnected");
    await server.close();
    expect((await closed)[0].code).toBe(1000);
    expect(http.listening).toBe(true);
    expect(http.listenerCount("upgrade")).toBe(0);
    expect(await fetchText(port, "/after")).toBe("200 app /after");
  });

  it("waits for the application's server to listen, and runs the admit hook with the request path", async () => {
    const http = createHttpServer((_req, res) => res.end("app"));
    track({ close: () => new Promise((resolve) => http.close(resolve)) });
    const paths: string[] = [];
    const server = track(attachServer(http, { path: "/ws", admit: (request) => (paths.push(request.path), request.path.includes("token=good") || { status: 401, reason: "bad token" }) }));
    let listening = false;
    void server.listen().then(() => (listening = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listening).toBe(false);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = await server.listen();
    await expect(client(`ws://127.0.0.1:${port}/ws?token=bad`).connect()).rejects.toThrow();
    expect(await client(`ws://127.0.0.1:${port}/ws?token=good`).connect()).toBeGreaterThan(1);
    expect(paths).toEqual(["/ws?token=bad", "/ws?token=good"]);
    expect(server.refusals.byReason.admission).toBe(1);
  });
});

describe("attachSessionServer", () => {
  it("serves sessions below a prefix: /play/<name> joins session <name>, /play the default one", async () => {
    const { http, port } = await appServer();
    const server = track(attachSessionServer(http, { prefix: "/play", dialect: "godot3", defaultSession: "lobby" }));
    await server.listen();
    const a = client(`ws://127.0.0.1:${port}/play/alpha`, { dialect: "godot3" });
    const b = client(`ws://127.0.0.1:${port}/play`, { dialect: "godot3" });
    await Promise.all([a.connect(), b.connect()]);
    await until(() => server.getSession("alpha")?.peers.length === 1 && server.getSession("lobby")?.peers.length === 1);
    expect(server.sessions.map((s) => s.name).sort()).toEqual(["alpha", "lobby"]);
    expect(await fetchText(port, "/play/alpha")).toBe("200 app /play/alpha");
    await server.close();
    expect(http.listening).toBe(true);
  });
});
