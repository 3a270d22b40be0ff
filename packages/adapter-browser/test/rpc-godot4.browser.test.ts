import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { freePort } from "../../../scripts/doc-blocks.mjs";
// The Godot 4 finder and the game of @wsmp/interop-godot4's RPC tests (godot/rpc/*.gd).
import { findGodot4, godot4Absence, startGodot4Script, type Godot4Process } from "../../interop-godot4/test/godot4.js";
import { WORLD } from "../../interop-godot4/test/rpc-game.js";
import type * as Wsmp from "../src/index.js";
import { type ChromiumHarness, createChromiumHarness } from "./support/chromium-harness.js";

/**
 * A Chromium page (the adapter's single-file bundle) joins a real Godot 4 game server
 * (interop-godot4's godot/rpc/rpc_server.gd): it declares World and calls hello with
 * rpc_id(1, ...), gets the server's welcome RPC back, and sees the server's MultiplayerSpawner and
 * MultiplayerSynchronizers as `spawned`, `synchronized` and `delta_synchronized` events.
 */
const RPC_DIR = fileURLToPath(new URL("../../interop-godot4/godot/rpc", import.meta.url));
const godot4 = await findGodot4();
console.log(godot4 ? `browser RPC test against Godot 4: ran (binary ${godot4}, Chromium)` : `browser RPC test against Godot 4: NOT RUN (${godot4Absence})`);

/** What the page keeps beside `window.wsmp` (the bundle). */
interface RpcWindow {
  wsmp: typeof Wsmp;
  rpcGame?: { client: Wsmp.MultiplayerClient; log: string[] };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (!godot4) {
  it.todo(`browser RPC test against Godot 4: NOT RUN (${godot4Absence})`);
} else {
  describe("a Chromium page client in a Godot 4 game", () => {
    let harness: ChromiumHarness;
    let godot: Godot4Process | undefined;

    beforeAll(async () => {
      harness = createChromiumHarness();
      await harness.setup();
    });

    afterEach(async () => {
      await harness.page.evaluate(() => (window as unknown as RpcWindow).rpcGame?.client.disconnect());
      await godot?.kill();
      godot = undefined;
    });

    afterAll(async () => {
      await harness?.dispose();
    });

    it("calls the server's RPC, gets its RPC answer, and sees spawns and syncs as events", async () => {
      const port = await freePort();
      godot = startGodot4Script({ binary: godot4, projectFiles: RPC_DIR, script: "rpc_server.gd", args: [`port=${port}`], timeoutMs: 25_000 });
      const run = godot;
      onTestFailed(() => console.error(run.output.join("\n")));
      await run.waitFor("LISTENING");

      // In the page: declare World (and the synchronizer every peer has, so its syncs come), log
      // every RPC and replication event as a line, connect, and call hello on the server.
      const id = await harness.page.evaluate(
        async ([url, world]) => {
          const w = window as unknown as RpcWindow;
          const log: string[] = [];
          const show = (v: unknown): string => (v !== null && typeof v === "object" && "x" in v && "y" in v ? `(${String(v.x)}, ${String(v.y)})` : JSON.stringify(v));
          const client = w.wsmp.createClient(url, undefined, { scene: true });
          w.rpcGame = { client, log };
          const node = client.node("Game/World", world);
          client.node("Game/Board/Sync", {});
          node.on("welcome", (from, to, text) => log.push(`welcome from ${from}: ${to} ${text}`));
          client.on("rpc_error", (e) => log.push(`rpc_error ${e.code} ${e.message}`));
          client.on("spawned", (e) => log.push(`spawned ${e.name} from ${e.from} by ${String(e.spawner)} scene ${e.sceneIndex} syncs ${e.syncNetIds.join(",")} state ${e.state.map(show).join(" ")}`));
          client.on("despawned", (e) => log.push(`despawned ${String(e.name)}`));
          client.on("synchronized", (e) => log.push(`synchronized ${e.name ?? e.path ?? "?"} net ${e.netId} ${e.values.map(show).join(" ")}`));
          client.on("delta_synchronized", (e) => log.push(`delta_synchronized ${e.name ?? e.path ?? "?"} net ${e.netId} mask ${String(e.mask)} ${e.values.map(show).join(" ")}`));
          const joined = await client.connect();
          node.rpcId(1, "hello", "browser");
          return joined;
        },
        [`ws://127.0.0.1:${port}`, WORLD] as const,
      );
      const log = (): Promise<string[]> => harness.page.evaluate(() => [...((window as unknown as RpcWindow).rpcGame?.log ?? [])]);
      const has = async (prefix: string): Promise<boolean> => (await log()).some((line) => line.startsWith(prefix));
      await until(async () => (await has("welcome")) && (await has("synchronized Mob1")) && (await has("synchronized Game/Board/Sync")) && (await has("delta_synchronized Mob1")), 10_000, "the welcome RPC and the replication events");
      await harness.page.evaluate(() => (window as unknown as RpcWindow).rpcGame!.client.disconnect());
      await run.waitFor("LEFT");
      await run.exited;

      const lines = await log();
      expect(run.engineErrors()).toEqual([]);
      expect(run.output).toContain(`CALL hello from=${id} args=["browser"]`);
      expect(lines.filter((l) => l.startsWith("welcome"))).toEqual([`welcome from 1: ${id} hello ts`]);
      expect(lines.filter((l) => l.startsWith("rpc_error") || l.startsWith("despawned"))).toEqual([]);
      const spawned = lines.filter((l) => l.startsWith("spawned"));
      expect(spawned).toEqual([expect.stringMatching(/^spawned Mob1 from 1 by Game\/Spawner scene 0 syncs \d+ state \(10, 20\) 10$/)]);
      const mobSync = /syncs (\d+)/.exec(spawned[0]!)![1]!;
      expect(lines).toContain(`synchronized Mob1 net ${mobSync} (10, 20)`);
      expect(lines).toContain(`delta_synchronized Mob1 net ${mobSync} mask 1 10`);
      expect(lines.find((l) => l.startsWith("synchronized Game/Board/Sync"))).toMatch(/^synchronized Game\/Board\/Sync net \d+ \(1, 2\)$/);
    });
  });
}
