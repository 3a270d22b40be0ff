import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ClientOptions, createClient, type MultiplayerClient } from "@wsmp/adapter-node";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const BUN = process.env["BUN_BINARY"] ?? join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
const children = new Set<ChildProcess>();
const clients: MultiplayerClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

/** Starts an example on a free port and resolves with its base URL once it prints it. */
async function start(command: string, file: string): Promise<{ child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(command, [file], { cwd: root, env: { ...process.env, PORT: "0", WSMP_LOG: "", DEBUG: "" }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => (children.delete(child), resolve(code))));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => reject(new Error(`${file} exited:\n${output}`)));
  });
  return { child, base, output: () => output, exited };
}

function join2(url: string, options: ClientOptions): MultiplayerClient[] {
  const pair = [createClient(url, undefined, options), createClient(url, undefined, options)];
  clients.push(...pair);
  return pair;
}

/** Two clients of the example's endpoint reach each other through its relay, the app's routes still answer, and SIGTERM closes them with 1001. */
async function exercise(example: Awaited<ReturnType<typeof start>>, path: string, options: ClientOptions, send: (from: MultiplayerClient, to: number) => void, during?: () => Promise<void>): Promise<void> {
  expect(await (await fetch(`${example.base}/`)).text()).toBe("the game's web page");
  const [a, b] = join2(`${example.base.replace("http", "ws")}${path}`, options);
  const [, idB] = await Promise.all([a!.connect(), b!.connect()]);
  const got = new Promise<unknown>((resolve) => {
    b!.on("packet", (p) => resolve(p.data));
    b!.on("peer_packet", (_from, data) => resolve(data));
  });
  // The relay announces each peer to the other before it carries packets between them.
  const end = Date.now() + 5000;
  while (!a!.peers.includes(idB!) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  send(a!, idB!);
  expect(await got).toBeDefined();
  await during?.();
  const closes = [a!, b!].map((c) => new Promise<number>((resolve) => c.on("server_disconnected", (info) => resolve(info.code))));
  example.child.kill("SIGTERM");
  expect(await Promise.all(closes)).toEqual([1001, 1001]);
  expect(await example.exited).toBe(0);
}

describe("examples: wsmp on one port with a web framework", () => {
  it("express (Node): routes stay express's, /game is a Godot 4 relay", async () => {
    const example = await start(process.execPath, "dist/express-server.js");
    await exercise(example, "/game", { scene: true }, (from, to) => from.sendBytes(new Uint8Array([1, 2, 3]), to));
    expect(example.output()).toMatch(/peer \d+ joined/);
  });

  it("fastify (Node): /godot3 is a Godot 3 relay on fastify's server", async () => {
    const example = await start(process.execPath, "dist/fastify-server.js");
    await exercise(example, "/godot3", { dialect: "godot3" }, (from, to) => from.send("hi", to));
  });

  it("hono (Node): /play/<name> picks the session", async () => {
    const example = await start(process.execPath, "dist/hono-server.js");
    const list = (): Promise<unknown> => fetch(`${example.base}/sessions`).then((r) => r.json());
    expect(await list()).toEqual([]);
    await exercise(example, "/play/match-42", { scene: true }, (from, to) => from.sendBytes(new Uint8Array([7]), to), async () => {
      expect(await list()).toEqual([{ name: "match-42", peers: 2, origin: "join" }]);
    });
  });

  it("Bun.serve routes (Bun): /game is a Godot 4 relay beside the application's routes", async () => {
    const example = await start(BUN, "src/bun-server.ts");
    await exercise(example, "/game", { scene: true }, (from, to) => from.sendBytes(new Uint8Array([9]), to));
  });
});
