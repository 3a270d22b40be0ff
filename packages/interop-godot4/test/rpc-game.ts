/**
 * The TypeScript half of the RPC interop games (godot/rpc/*.gd): World's declaration, the twenty
 * argument values of World.values (godot/rpc/values.gd has the same list), and the game server
 * logic, shared by the Node test and the Bun child process. `answerWorld` is World's part that
 * the Godot 3 game of @wsmp/interop-godot3 shares.
 */
import { isDeepStrictEqual } from "node:util";
import type { MultiplayerServer, RpcNode, ServerDialectFactory } from "@wsmp/core";
import { createSceneServer } from "@wsmp/core/adapter";
import {
  Color,
  GodotDictionary,
  NodePath,
  PackedStringArray,
  Quaternion,
  Rect2,
  StringName,
  Vector2,
  Vector2i,
  Vector3,
  type GodotValue,
} from "@wsmp/core/variant";

/** world.gd's @rpc methods. Ids (code point order): echo 0, hello 1, move 2, state 3, values 4, welcome 5. */
export const WORLD = {
  rpc: {
    hello: { mode: "any_peer", args: ["String"] },
    move: { mode: "any_peer", transferMode: "unreliable", args: ["Vector2"] },
    values: { mode: "any_peer" },
    welcome: { mode: "authority", args: ["int", "String"] },
    echo: { mode: "authority" },
    state: { mode: "authority", callLocal: true, args: ["int"] },
  },
} as const;

export function values(): GodotValue[] {
  return [
    null, true, -7, 1099511627776, 1.5, "héllo", new Vector2(1, 2), new Vector2i(3, -4), new Vector3(1, 2, 3),
    new Color(1, 0.5, 0, 1), new StringName("name"), new NodePath("Game/World"), [1, "a", false],
    new GodotDictionary([["k", 2], [3, [4]]]), Uint8Array.of(1, 2, 255), Int32Array.of(7, -8),
    Float64Array.of(0.25, -1e300), new PackedStringArray(["x", "yz"]), new Rect2(new Vector2(1, 2), new Vector2(3, 4)),
    new Quaternion(0, 0, 0, 1),
  ];
}

/** What World's shared answers report: a hello, the check of the values, a refused call. */
export type WorldLine = { readonly hello: string; readonly from: number } | { readonly valuesEqual: boolean; readonly count: number } | { readonly rpcError: string };

export type GameLine = WorldLine | { readonly move: readonly [number, number] } | { readonly inbound: string };

/** The World methods of both games (Godot 4's world.gd, Godot 3's rpc3_world.gd). */
type SharedWorld = {
  hello: [string];
  values: GodotValue[];
  welcome: [number | bigint, string];
  echo: GodotValue[];
};

/**
 * World's answers in both games: hello -> welcome, values -> echo (the same values back, checked
 * against `expected`); refused calls are reported as they come.
 */
export function answerWorld(server: MultiplayerServer, world: RpcNode<SharedWorld>, expected: readonly GodotValue[], report: (line: WorldLine) => void): void {
  world.on("hello", (from, who) => {
    report({ hello: who, from });
    world.rpcId(from, "welcome", from, `hi ${who}`);
  });
  world.on("values", (from, ...args) => {
    report({ valuesEqual: isDeepStrictEqual(args, expected), count: args.length });
    world.rpcId(from, "echo", ...args);
  });
  server.on("rpc_error", (e) => report({ rpcError: `${e.code} ${e.message}` }));
}

/** The scene dialect, with every inbound message reported as hex (to see which node-id form Godot used). */
export function recordingScene(report: (line: GameLine) => void): ServerDialectFactory {
  const scene = createSceneServer(true);
  return (ctx) => {
    const dialect = scene(ctx);
    const receive = dialect.receive;
    return Object.assign(dialect, {
      receive(from: number, data: Uint8Array | string) {
        if (typeof data !== "string") report({ inbound: Buffer.from(data).toString("hex") });
        receive(from, data);
      },
    });
  };
}

/** World on the server: hello -> welcome, values -> echo (the same values back), move -> recorded. */
export function serveGame(server: MultiplayerServer, report: (line: GameLine) => void): void {
  const world = server.node("Game/World", WORLD);
  answerWorld(server, world, values(), report);
  world.on("move", (_from, v) => report({ move: [v.x, v.y] }));
}
