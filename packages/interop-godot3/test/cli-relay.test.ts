import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { freePort, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot } from "./godot.js";
import { until } from "./wait.js";

/**
 * The `wsmp relay` command (@wsmp/cli) as a child process, with real Godot 3.2.3 clients: three
 * games join with a token in the URL, reach each other with rpc() through the relay, and on
 * SIGTERM each is closed with 1001 and the process exits 0.
 */
const BIN = join(dirname(createRequire(import.meta.url).resolve("@wsmp/cli/package.json")), "dist", "bin.js");

let relay: ChildProcess | undefined;

beforeAll(() => {
  requireGodot3();
});

beforeEach(() => resetGodotOutput());

afterEach(async () => {
  await killAllGodot();
  if (relay && relay.exitCode === null && relay.signalCode === null) {
    relay.kill("SIGKILL");
    await new Promise((resolve) => relay!.once("exit", resolve));
  }
  relay = undefined;
});

describe("wsmp relay (the CLI) with Godot 3.2.3 clients", () => {
  it("relays rpc() between three Godot clients that present a token, refuses one without, and closes all with 1001 on SIGTERM", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    relay = spawn(process.execPath, [BIN, "relay", "--dialect", "godot3", "--bind", "127.0.0.1", "--port", String(port), "--token", "g0dot"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    relay.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    relay.stderr!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    onTestFailed(() => console.error(stdout));
    await until(() => stdout.includes("wsmp relay listening"), 10_000, "the relay to listen");

    const intruder = runGodot("cli_client.gd", { url: `ws://127.0.0.1:${port}/`, others: 2 });
    const godots = [0, 1, 2].map(() => runGodot("cli_client.gd", { url: `ws://127.0.0.1:${port}/?token=g0dot`, others: 2 }));
    await Promise.all(godots.map((g) => g.waitFor("GREETED")));
    const refused = await intruder.result;
    // It never connected: connection_failed before an id.
    expect(refused["phase_at_close"]).toBe("connecting");
    expect(refused["id"]).toBeUndefined();
    expect(stdout).toMatch(/handshake_failed .*refusal=admission/);

    relay.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => relay!.once("exit", (c) => resolve(c)));
    expect(code).toBe(0);
    const results = await Promise.all(godots.map((g) => g.result));
    const ids = results.map((r) => r["id"] as number);
    for (const result of results) {
      expect(result.errors).toEqual([]);
      expect(result["phase_at_close"]).toBe("greeted");
      expect((result["all"] as number[]).sort()).toEqual(ids.filter((id) => id !== result["id"]).sort());
    }
    // Every Godot client got the relay's 1001 and answered it (a clean close).
    for (const id of ids) expect(stdout).toMatch(new RegExp(`peer_disconnected peer=${id} code=1001 reason="server shutting down" clean=true`));
    expect(stdout).toContain("wsmp: stopped (3 peers closed)");
  });
});
