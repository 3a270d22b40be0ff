import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { createClient, type DespawnEvent, type RpcErrorEvent, type SpawnEvent, type SyncEvent } from "@wsmp/adapter-node";
import { Vector2 } from "@wsmp/core/variant";
import { afterEach, describe, expect, it, onTestFailed } from "vitest";
import { freePort } from "../../../scripts/doc-blocks.mjs";
import { findGodot4, godot4Absence, startGodot4Script, type Godot4Process } from "./godot4.js";
import { values, WORLD } from "./rpc-game.js";

/**
 * A wsmp client joins a Godot 4 game server (godot/rpc/rpc_server.gd): it calls hello and values
 * on the server, gets welcome and echo back as RPCs, and sees the server's MultiplayerSpawner and
 * MultiplayerSynchronizers as decoded events.
 */
const RPC_DIR = fileURLToPath(new URL("../godot/rpc", import.meta.url));
const godot4 = await findGodot4();
console.log(godot4 ? `godot4 RPC client tests: ran (binary ${godot4})` : `godot4 RPC client tests: NOT RUN (${godot4Absence})`);

let godot: Godot4Process | undefined;
afterEach(async () => {
  await godot?.kill();
  godot = undefined;
});

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (!godot4) {
  it.todo(`godot4 RPC client tests: NOT RUN (${godot4Absence})`);
} else {
  describe("a wsmp client in a Godot 4 game", () => {
    it("calls the server's RPCs, gets its RPCs, and sees spawns and syncs as events", async () => {
      const port = await freePort();
      godot = startGodot4Script({ binary: godot4, projectFiles: RPC_DIR, script: "rpc_server.gd", args: [`port=${port}`], timeoutMs: 25_000 });
      const run = godot;
      onTestFailed(() => console.error(run.output.join("\n")));
      await run.waitFor("LISTENING");

      const client = createClient(`ws://127.0.0.1:${port}`, undefined, { scene: true });
      const world = client.node("Game/World", WORLD);
      client.node("Game/Board/Sync", {}); // a synchronizer on a node every peer has: confirming its path lets its syncs through
      const welcome: string[] = [];
      let echoed: unknown[] | undefined;
      const errors: RpcErrorEvent[] = [];
      const spawned: SpawnEvent[] = [];
      const despawned: DespawnEvent[] = [];
      const synced: SyncEvent[] = [];
      const deltas: SyncEvent[] = [];
      world.on("welcome", (from, id, text) => welcome.push(`${from} ${String(id)} ${text}`));
      world.on("echo", (_from, ...args) => (echoed = args));
      client.on("rpc_error", (e) => errors.push(e));
      client.on("spawned", (e) => spawned.push(e));
      client.on("despawned", (e) => despawned.push(e));
      client.on("synchronized", (e) => synced.push(e));
      client.on("delta_synchronized", (e) => deltas.push(e));
      const id = await client.connect();

      world.rpcId(1, "hello", "typescript");
      world.rpcId(1, "values", ...values());
      await until(() => echoed !== undefined && welcome.length === 1, 5000, "welcome and echo");
      await until(() => synced.some((e) => e.path === "Game/Board/Sync") && synced.some((e) => e.name === "Mob1") && deltas.length > 0, 5000, "syncs");
      client.disconnect();
      await run.waitFor("LEFT");
      await run.exited;

      expect(run.engineErrors()).toEqual([]);
      expect(run.output).toContain(`CALL hello from=${id} args=["typescript"]`);
      expect(run.output).toContain("VALUES OK");
      expect(welcome).toEqual([`1 ${id} hello ts`]);
      expect(isDeepStrictEqual(echoed, values())).toBe(true);
      expect(errors).toEqual([]);
      expect(spawned).toHaveLength(1);
      expect(spawned[0]).toMatchObject({ from: 1, spawner: "Game/Spawner", sceneIndex: 0, name: "Mob1", state: [new Vector2(10, 20), 10] });
      const mob = spawned[0]!;
      expect(mob.syncNetIds).toHaveLength(1);
      expect(synced.find((e) => e.name === "Mob1")).toMatchObject({ netId: mob.syncNetIds[0], values: [new Vector2(10, 20)] });
      expect(deltas[0]).toMatchObject({ netId: mob.syncNetIds[0], name: "Mob1", mask: 1n, values: [10] });
      expect(synced.find((e) => e.path === "Game/Board/Sync")?.values).toEqual([new Vector2(1, 2)]);
      expect(despawned).toEqual([]);
    });
  });
}
