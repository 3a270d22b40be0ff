/**
 * The TypeScript half of the Godot 3 RPC games (godot/rpc3_*.gd): World's declaration, the
 * eighteen argument values of World.values (rpc3_world.gd's expected() list), and the game
 * server, shared by the Node test and the Bun child process (fixtures/bun-rpc3-server.ts).
 */
import type { MultiplayerServer } from "@wsmp/core";
// World's answers are those of @wsmp/interop-godot4's game (hello -> welcome, values -> echo).
import { answerWorld, type WorldLine } from "../../interop-godot4/test/rpc-game.js";
import { Color, GodotDictionary, NodePath, PackedStringArray, Quaternion, Rect2, Vector2, Vector3, type GodotValue } from "@wsmp/core/variant";

export const WORLD3 = {
  rpc: {
    hello: { mode: "remote", args: ["String"] },
    values: { mode: "remote" },
    welcome: { mode: "puppet", args: ["int", "String"] },
    echo: { mode: "puppet" },
    chat: { mode: "remotesync", args: ["String"] },
  },
  rset: { hp: { mode: "remote", type: "int" } },
} as const;

export function values(): GodotValue[] {
  return [
    null, true, -7, 1099511627776, 1.5, "héllo", new Vector2(1, 2), new Vector3(1, 2, 3), new Color(1, 0.5, 0, 1),
    new NodePath("Game/World"), [1, "a", false], new GodotDictionary([["k", 2]]), Uint8Array.of(1, 2, 255), Int32Array.of(7, -8),
    Float32Array.of(0.5), new PackedStringArray(["x", "yz"]), new Rect2(new Vector2(1, 2), new Vector2(3, 4)), new Quaternion(0, 0, 0, 1),
  ];
}

/** What the server saw, one line per event (JSON between the Bun child and the test). */
export type Game3Line = WorldLine | { readonly hp: number; readonly from: number };

/** World on a godot3 server: hello -> welcome, values -> echo (the same values back), rset hp -> reported. */
export function serveWorld3(server: MultiplayerServer, report: (line: Game3Line) => void): void {
  const world = server.node("Game/World", WORLD3);
  answerWorld(server, world, values(), report);
  world.onSet("hp", (from, hp) => report({ hp: Number(hp), from }));
}
