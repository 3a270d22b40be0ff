import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createWebSocketClient } from "@wsmp/adapter-node";
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { freePort, type GodotResult, type GodotRun, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot } from "./godot.js";
import { runScenario2Clients, type Scenario2Run } from "./scenario2-clients.js";

/**
 * Scenario 2: a real Godot 3.2.3 server in multiplayer mode (listen(port, [], true)) and three
 * wsmp clients (Godot 3 surface, gd_mp_api = true), on Node and on Bun. Godot assigns the ids
 * and relays; the clients route among themselves through it (one peer, everyone, all but one)
 * and see a client leave.
 */

const BUN = process.env["BUN_BINARY"] ?? fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
const BUN_FIXTURE = fileURLToPath(new URL("./fixtures/bun-s2-clients.ts", import.meta.url));
const children = new Set<ReturnType<typeof spawn>>();

beforeAll(() => {
  requireGodot3();
});

beforeEach(() => resetGodotOutput());

afterEach(async () => {
  await killAllGodot();
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

async function startGodotServer(): Promise<{ godot: GodotRun; port: number }> {
  const port = await freePort();
  const godot = runGodot("s2_server.gd", { port });
  await godot.waitFor("READY");
  return { godot, port };
}

/** What both sides must have seen. */
function expectScenario2(run: Scenario2Run, result: GodotResult, godot: GodotRun): void {
  const [a, b, c] = run.views as [Scenario2Run["views"][0], Scenario2Run["views"][0], Scenario2Run["views"][0]];
  const ids = [a.id, b.id, c.id];
  const [A, B, C] = ids as [number, number, number];
  // Ids come from Godot: distinct, >= 2, and the ones Godot saw join.
  expect(new Set(ids).size).toBe(3);
  for (const id of ids) expect(id).toBeGreaterThanOrEqual(2);
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
  expect([...(result["joined"] as number[])].sort()).toEqual([...ids].sort());
  // Routing through Godot's relay, with the real sender on every packet.
  expect(b.packets).toEqual(["1 welcome", `${A} a2b:${A}`, `${A} a2all:${A}`, `${A} a2notServer:${A}`, `${A} fence:${A}`]);
  expect(c.packets).toEqual(["1 welcome", `${A} a2all:${A}`, `${A} a2notB:${A}`, `${A} a2notServer:${A}`, `${A} fence:${A}`]);
  expect(a.packets).toEqual(["1 welcome"]);
  // Godot 3 keeps a server copy of a packet for "everyone but 1" (its to = -1 quirk): "a2notServer" is here.
  expect(result["packets"]).toEqual([`a2all:${A}`, `a2notB:${A}`, `a2notServer:${A}`, `a2server:${A}`, `fence:${A}`, `finish:${A}`]);
  // Leave notifications: the others and the server saw C go; C saw its own connection end.
  expect(a.left).toEqual([C]);
  expect(b.left).toEqual([C]);
  expect(result["left"]).toEqual([C]);
  expect(c.connectionFailed).toBe(1);
  expect(a.joined).toEqual(expect.arrayContaining([1, B, C]));
  expect(godot.engineErrors()).toEqual([]);
}

describe("Godot 3 server (gd_mp_api = true) with wsmp clients", () => {
  it("on Node: Godot assigns ids, relays one / all / all-but-one, announces a leave", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const { godot, port } = await startGodotServer();
    const run = await runScenario2Clients(createWebSocketClient, port);
    expectScenario2(run, await godot.result, godot);
  });

  it("on Bun: the same, with the clients in a Bun process on @wsmp/adapter-bun", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const { godot, port } = await startGodotServer();
    const child = spawn(BUN, [BUN_FIXTURE, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    const exit = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const line = output.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`the Bun clients exited (${exit}) without a result:\n${output}`);
    const run = JSON.parse(line.slice(7)) as Scenario2Run & { ok: boolean; error?: string };
    expect(run.error).toBeUndefined();
    expectScenario2(run, await godot.result, godot);
  });
});
