import { isDeepStrictEqual } from "node:util";
import { createClient, createServer, type RpcErrorEvent } from "@wsmp/adapter-node";
import { Color, GodotDictionary, NodePath, PackedStringArray, Quaternion, Rect2, Vector2, Vector3, type GodotValue } from "@wsmp/core/variant";
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { freePort, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot } from "./godot.js";

/**
 * Godot 3.2.3's MultiplayerAPI against wsmp's Godot 3 RPC layer, both ways: a Godot client calls
 * rpc_id(1, ...) and rset_id on a wsmp server, which answers with RPCs; a wsmp client does the
 * same on a Godot server. Eighteen argument values of many types arrive equal on both sides.
 */
requireGodot3();

const WORLD3 = {
  rpc: {
    hello: { mode: "remote", args: ["String"] },
    values: { mode: "remote" },
    welcome: { mode: "puppet", args: ["int", "String"] },
    echo: { mode: "puppet" },
    chat: { mode: "remotesync", args: ["String"] },
  },
  rset: { hp: { mode: "remote", type: "int" } },
} as const;

/** rpc3_world.gd's expected() list. */
function values(): GodotValue[] {
  return [
    null, true, -7, 1099511627776, 1.5, "héllo", new Vector2(1, 2), new Vector3(1, 2, 3), new Color(1, 0.5, 0, 1),
    new NodePath("Game/World"), [1, "a", false], new GodotDictionary([["k", 2]]), Uint8Array.of(1, 2, 255), Int32Array.of(7, -8),
    Float32Array.of(0.5), new PackedStringArray(["x", "yz"]), new Rect2(new Vector2(1, 2), new Vector2(3, 4)), new Quaternion(0, 0, 0, 1),
  ];
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(() => resetGodotOutput());
afterEach(() => killAllGodot());

describe("Godot 3 RPCs with wsmp", () => {
  it("a Godot 3 client calls rpc_id(1, ...) and rset_id on a wsmp server, which answers with RPCs", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const server = createServer(port, "127.0.0.1", undefined, { dialect: "godot3" });
    await server.listen();
    const world = server.node("Game/World", WORLD3);
    const seen: string[] = [];
    const errors: RpcErrorEvent[] = [];
    let equal = false;
    server.on("rpc_error", (e) => errors.push(e));
    world.on("hello", (from, who) => {
      seen.push(`hello ${who}`);
      world.rpcId(from, "welcome", from, `hi ${who}`);
    });
    world.on("values", (from, ...args) => {
      equal = isDeepStrictEqual(args, values());
      world.rpcId(from, "echo", ...args);
    });
    world.onSet("hp", (_from, hp) => seen.push(`hp ${String(hp)}`));
    try {
      const godot = runGodot("rpc3_client.gd", { port });
      const result = await godot.result;
      await until(() => seen.length === 2, 3000, "the rset");
      expect(result).toMatchObject({ ok: true, welcome: "hi godot3", echo_ok: true });
      expect(godot.engineErrors()).toEqual([]);
      expect(seen).toEqual(["hello godot3", "hp 5"]);
      expect(equal).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a wsmp client calls RPCs and rset on a Godot 3 server and gets its RPCs", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const godot = runGodot("rpc3_server.gd", { port });
    await godot.waitFor("LISTENING");
    const client = createClient(`ws://127.0.0.1:${port}`, undefined, { dialect: "godot3" });
    const world = client.node("Game/World", WORLD3);
    const welcome: string[] = [];
    let echoed: GodotValue[] | undefined;
    const errors: RpcErrorEvent[] = [];
    client.on("rpc_error", (e) => errors.push(e));
    world.on("welcome", (from, id, text) => welcome.push(`${from} ${String(id)} ${text}`));
    world.on("echo", (_from, ...args) => (echoed = args));
    const id = await client.connect();
    world.rpcId(1, "hello", "typescript");
    world.rpcId(1, "values", ...values());
    world.rsetId(1, "hp", 7);
    await until(() => welcome.length === 1 && echoed !== undefined, 5000, "welcome and echo");
    await godot.waitFor("SET hp");
    client.disconnect();
    const result = await godot.result;
    expect(result.ok).toBe(true);
    expect(godot.engineErrors()).toEqual([]);
    expect(godot.output).toContain(`CALL hello from=${id} args=[ "typescript" ]`);
    expect(godot.output).toContain("VALUES OK");
    expect(godot.output).toContain(`SET hp from=${id} args=[ 7 ]`);
    expect(welcome).toEqual([`1 ${id} hello ts`]);
    expect(isDeepStrictEqual(echoed, values())).toBe(true);
    expect(errors).toEqual([]);
  });
});
