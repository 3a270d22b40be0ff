import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClientOptions, createClient, type MultiplayerClient, TLSOptions } from "@wsmp/adapter-node";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killAll, runToEnd, startRelayProcess } from "./support/cli-process.js";

const work = mkdtempSync(join(tmpdir(), "wsmp-cli-"));
const opened: MultiplayerClient[] = [];

function client(url: string, options: ClientOptions = {}, tls?: ReturnType<typeof TLSOptions.client>): MultiplayerClient {
  const c = createClient(url, tls, options);
  opened.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await killAll();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("bad command lines", () => {
  it.each([
    [["relay", "--prot", "9080"], /Unknown option '--prot'/],
    [["relay", "--port", "abc"], /--port needs an integer/],
    [["relay", "--dialect"], /--dialect needs a value/],
    [["serve"], /unknown command "serve"/],
    [[], /which command\?/],
    [["relay", "--tls-key", "missing.pem", "--tls-cert", "missing.pem"], /cannot read the TLS key missing\.pem/],
    [["relay", "--config", "/nonexistent/relay.json"], /cannot read the config file/],
  ])("%j: a one-line reason and exit code 2", (args, message) => {
    const { code, stdout, stderr } = runToEnd(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Run "wsmp relay --help" for the options.');
  });

  it("a bad variable exits 2 too; --help exits 0 and lists every flag", () => {
    expect(runToEnd(["relay"], { WSMP_DIALECT: "godot5" })).toMatchObject({ code: 2, stderr: expect.stringMatching(/WSMP_DIALECT needs one of godot4, godot3, raw/) });
    const help = runToEnd(["--help"]);
    expect(help.code).toBe(0);
    for (const flag of ["--port", "--dialect", "--tls-key", "--token", "--sessions", "--metrics-port", "--max-peers", "--heartbeat-interval", "--config"]) expect(help.stdout).toContain(flag);
  });

  it("a port in use exits 1 with the reason", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    const { code, stderr } = runToEnd(["relay", "--bind", "127.0.0.1", "--port", String(port)]);
    blocker.close();
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+/);
  });
});

describe("wsmp relay as a child process", () => {
  it("reads a JSON config file: godot3 dialect, maxPeers and a token, relaying between Node clients", async () => {
    const config = join(work, "relay.json");
    writeFileSync(config, JSON.stringify({ dialect: "godot3", maxPeers: 2, token: "from-config", logFormat: "json" }));
    const relay = await startRelayProcess(["--config", config]);
    const a = client(`${relay.url}/?token=from-config`, { dialect: "godot3" });
    await a.connect();
    await expect(client(relay.url, { dialect: "godot3" }).connect()).rejects.toThrow(); // no token
    const b = client(`${relay.url}/?token=from-config`, { dialect: "godot3" });
    const idB = await b.connect();
    const got = new Promise((resolve) => b.on("packet", (p) => resolve(new TextDecoder().decode(p.data as Uint8Array))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    a.send("via the relay", idB);
    expect(await got).toBe("via the relay");
    await expect(client(`${relay.url}/?token=from-config`, { dialect: "godot3" }).connect()).rejects.toThrow(); // maxPeers: 2
    await relay.waitFor(/"refusal":"max_peers"/); // the log line may trail the client's failure
    const records = relay.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { event: string; refusal?: string });
    expect(records.filter((r) => r.event === "peer_connected")).toHaveLength(2);
    expect(records.filter((r) => r.event === "handshake_failed").map((r) => r.refusal).sort()).toEqual(["admission", "max_peers"]);
  });

  it("serves wss:// from key and certificate files", async () => {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=wsmp cli test", "-addext", "subjectAltName=IP:127.0.0.1"], { cwd: work, stdio: "ignore" });
    const relay = await startRelayProcess(["--tls-key", join(work, "key.pem"), "--tls-cert", join(work, "cert.pem")]);
    expect(relay.url).toMatch(/^wss:\/\//);
    const secure = client(relay.url, { scene: true }, TLSOptions.client(readFileSync(join(work, "cert.pem"), "utf8")));
    expect(await secure.connect()).toBeGreaterThan(1);
    await expect(client(relay.url.replace("wss:", "ws:"), { scene: true, handshakeTimeout: 1 }).connect()).rejects.toThrow();
  });

  it("exposes metrics whose counters match the traffic sent, and /healthz", async () => {
    const relay = await startRelayProcess(["--dialect", "godot3", "--metrics-port", "0", "--metrics-bind", "127.0.0.1", "--inbound-buffer-size", "1000", "--token", "t", "--quiet"]);
    const [, metricsUrl] = await relay.waitFor(/metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
    const scrape = async (): Promise<Map<string, number>> => {
      const text = await (await fetch(`${metricsUrl}/metrics`)).text();
      return new Map(text.split("\n").filter((l) => l.startsWith("wsmp_")).map((l) => [l.slice(0, l.lastIndexOf(" ")), Number(l.slice(l.lastIndexOf(" ") + 1))] as const));
    };
    const peers = [0, 1, 2].map(() => client(`${relay.url}/?token=t`, { dialect: "godot3" }));
    await Promise.all(peers.map((p) => p.connect()));
    const received = peers.map(() => 0);
    peers.forEach((p, i) => p.on("packet", () => received[i]!++));
    await expect(client(relay.url, { dialect: "godot3" }).connect()).rejects.toThrow();
    const before = await scrape();
    expect(before.get("wsmp_peers")).toBe(3);
    expect(before.get("wsmp_connections_total")).toBe(3);
    expect(before.get('wsmp_handshake_failures_total{reason="admission"}')).toBe(1);

    const PACKETS = 20;
    const SIZE = 100;
    for (const p of peers) for (let i = 0; i < PACKETS; i++) p.send(new Uint8Array(SIZE), 0); // to everyone: relayed to the two others
    const deadline = Date.now() + 5000;
    while (received.some((n) => n < 2 * PACKETS) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([40, 40, 40]);
    const after = await scrape();
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta("wsmp_messages_received_total")).toBe(3 * PACKETS);
    expect(delta("wsmp_received_bytes_total")).toBe(3 * PACKETS * (9 + SIZE)); // Godot 3's 9-byte header + payload
    expect(delta("wsmp_messages_sent_total")).toBe(3 * PACKETS * 2);
    expect(delta("wsmp_sent_bytes_total")).toBe(3 * PACKETS * 2 * (9 + SIZE));

    peers[0]!.send(new Uint8Array(2000), 1); // past --inbound-buffer-size: closed with 1009
    peers[1]!.disconnect(4000, "bye");
    const end = Date.now() + 5000;
    let last = await scrape();
    while ((last.get("wsmp_peers") ?? 0) > 1 && Date.now() < end) last = await scrape();
    expect(last.get("wsmp_peers")).toBe(1);
    expect(last.get('wsmp_disconnects_total{code="4000"}')).toBe(1);
    expect(last.get('wsmp_disconnects_total{code="1009"}')).toBe(1);
    expect(last.get('wsmp_protocol_errors_total{code="WSMP_ERR_MESSAGE_TOO_BIG"}')).toBe(1);
    expect(await (await fetch(`${metricsUrl}/healthz`)).json()).toEqual({ ok: true, status: "serving", peers: 1 });
  });

  it("on SIGTERM closes every peer with 1001 and a reason, then exits 0", async () => {
    const relay = await startRelayProcess([]);
    const peers = [0, 1, 2].map(() => client(relay.url, { scene: true }));
    await Promise.all(peers.map((p) => p.connect()));
    const closes = peers.map((p) => new Promise<{ code: number; reason: string }>((resolve) => p.on("server_disconnected", resolve)));
    relay.child.kill("SIGTERM");
    const { code } = await relay.exited;
    expect(code).toBe(0);
    for (const info of await Promise.all(closes)) expect(info).toMatchObject({ code: 1001, reason: "server shutting down" });
    expect(relay.output()).toContain("wsmp: stopped (3 peers closed)");
    expect(relay.output().match(/peer_disconnected .*code=1001/g)).toHaveLength(3);
  });

  it("runs on Bun with --runtime bun: godot4 relay between clients, 1001 on SIGTERM, exit 0", async () => {
    const relay = await startRelayProcess(["--runtime", "bun"]);
    expect(relay.output()).toMatch(/listening on ws:\/\/127\.0\.0\.1:\d+: bun, godot4 \+ SceneMultiplayer relay/);
    const [a, b] = [client(relay.url, { scene: true }), client(relay.url, { scene: true })];
    const [idA, idB] = await Promise.all([a.connect(), b.connect()]);
    const got = new Promise<[number, Uint8Array | undefined]>((resolve) => b.on("peer_packet", (from, data) => resolve([from, data])));
    const end = Date.now() + 5000;
    while (!a.peers.includes(idB) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    a.sendBytes(new Uint8Array([4, 2]), idB);
    expect(await got).toEqual([idA, new Uint8Array([4, 2])]);
    const closes = [a, b].map((c) => new Promise<number>((resolve) => c.on("server_disconnected", (info) => resolve(info.code))));
    relay.child.kill("SIGTERM");
    expect((await relay.exited).code).toBe(0);
    expect(await Promise.all(closes)).toEqual([1001, 1001]);
  });

  it("with --sessions, each path is its own session and the log names it; raw mode passes messages on", async () => {
    const relay = await startRelayProcess(["--sessions", "--dialect", "raw"]);
    const [a1, a2, b] = [client(`${relay.url}/alpha`, { dialect: "raw" }), client(`${relay.url}/alpha`, { dialect: "raw" }), client(`${relay.url}/beta`, { dialect: "raw" })];
    await Promise.all([a1.connect(), a2.connect(), b.connect()]);
    const got = new Promise((resolve) => a2.on("data_received", () => resolve(new TextDecoder().decode(a2.getPeer(1)!.getPacket()))));
    let beta = 0;
    b.on("data_received", () => beta++);
    const end = Date.now() + 5000;
    while ((relay.output().match(/peer_connected session=/g) ?? []).length < 3 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    a1.getPeer(1)!.send("hello alpha");
    expect(await got).toBe("hello alpha");
    expect(beta).toBe(0);
    expect(relay.output()).toMatch(/session_created session=alpha origin=join/);
    expect(relay.output()).toMatch(/peer_connected session=beta /);
  });
});
