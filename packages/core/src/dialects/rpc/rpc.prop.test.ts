import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWsmpError } from "../../shared/errors.js";
import { Color, GodotDictionary, NodePath, PackedStringArray, StringName, Vector2, Vector2i, Vector3, type GodotValue } from "../variant/index.js";
import { decodeConfirmPath, decodeRemoteCall4, decodeSimplifyPath, encodeRemoteCall4 } from "./g4-rpc-codec.js";
import { decodeConfirmPath3, decodeRemoteCall3, decodeSimplifyPath3, encodeRemoteCall3 } from "./g3-rpc-codec.js";
import { decodeDespawn, decodeSpawn, decodeSync } from "./replication-codec.js";
import { ReplicationWatch } from "./replication-watch.js";

/** Argument lists as decoding gives them back: plain numbers, no integral floats, strings without NUL. */
function args(version: 3 | 4): fc.Arbitrary<GodotValue[]> {
  const f32 = fc.float({ noNaN: true }).filter((f) => !Number.isInteger(f));
  const text = fc.string({ maxLength: 8 }).filter((s) => !s.includes("\0"));
  const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    f32,
    text,
    fc.tuple(f32, f32).map(([x, y]) => new Vector2(x, y)),
    fc.tuple(f32, f32, f32).map(([x, y, z]) => new Vector3(x, y, z)),
    fc.tuple(f32, f32, f32).map(([r, g, b]) => new Color(r, g, b, 1)),
    text.filter((s) => s.length > 0 && !s.includes("/") && !s.includes(":")).map((s) => new NodePath(s)),
    fc.uint8Array({ maxLength: 6 }),
    fc.array(text, { maxLength: 3 }).map((list) => new PackedStringArray(list)),
    ...(version === 4 ? [fc.tuple(fc.integer(), fc.integer()).map(([x, y]) => new Vector2i(x, y)), text.map((s) => new StringName(s))] : []),
  );
  const value = fc.oneof(
    leaf,
    fc.array(leaf, { maxLength: 3 }),
    fc.array(fc.tuple(text, leaf), { maxLength: 3 }).map((entries) => new GodotDictionary(new Map(entries))),
  );
  return fc.array(value, { maxLength: 6 });
}

const node = fc.oneof(
  fc.integer({ min: 1, max: 70000 }).map((id) => ({ kind: "compact" as const, id })),
  fc.integer({ min: 1, max: 0x7fffffff }).map((id) => ({ kind: "id4" as const, id })),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes("\0")).map((path) => ({ kind: "path" as const, path })),
);

describe("RPC arguments round-trip", () => {
  it("Godot 4: any values through encodeRemoteCall4 / decodeRemoteCall4", () => {
    fc.assert(
      fc.property(node, fc.integer({ min: 0, max: 0xffff }), args(4), (field, method, list) => {
        const call = decodeRemoteCall4(encodeRemoteCall4(field, method, list));
        expect(call.ok).toBe(true);
        if (!call.ok) return;
        expect(call.method).toBe(method);
        expect(call.node).toEqual(field.kind === "path" ? { kind: "path", path: field.path } : { kind: "id", id: field.id });
        // One empty PackedByteArray is "no arguments" on the wire, as in Godot.
        const sent = list.length === 1 && list[0] instanceof Uint8Array && list[0].length === 0 ? [] : list;
        expect(call.args).toEqual(sent);
      }),
    );
  });

  it("Godot 3: any values through encodeRemoteCall3 / decodeRemoteCall3", () => {
    fc.assert(
      fc.property(node, fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.includes("\0")), args(3), (field, name, list) => {
        const call = decodeRemoteCall3(encodeRemoteCall3(field.kind === "compact" ? { kind: "id4", id: field.id } : field, name, list));
        expect(call.ok).toBe(true);
        if (call.ok) expect({ name: call.name, args: call.args }).toEqual({ name, args: list });
      }),
    );
  });
});

describe("random bytes into every RPC decoder: a value or a failure, never a throw", () => {
  const decoders: [string, (bytes: Uint8Array) => unknown][] = [
    ["REMOTE_CALL 4", decodeRemoteCall4],
    ["SIMPLIFY_PATH 4", decodeSimplifyPath],
    ["CONFIRM_PATH 4", decodeConfirmPath],
    ["REMOTE_CALL 3", decodeRemoteCall3],
    ["SIMPLIFY_PATH 3", decodeSimplifyPath3],
    ["CONFIRM_PATH 3", decodeConfirmPath3],
    ["SPAWN", decodeSpawn],
    ["DESPAWN", decodeDespawn],
    ["SYNC", decodeSync],
  ];
  it.each(decoders)("%s", (_name, decode) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const result = decode(bytes) as { ok: boolean; code?: string };
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(result.code).toMatch(/^WSMP_ERR_RPC_/);
      }),
      { numRuns: 2000 },
    );
  });

  it("the replication watch turns any bytes into events or rpc_error only", () => {
    const names = new Set<string>();
    const watch = new ReplicationWatch((name) => names.add(name), () => "Game/Spawner");
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 6 }), fc.uint8Array({ maxLength: 48 }), (command, rest) => {
        try {
          watch.receive(7, Uint8Array.of(command | (rest[0]! & 0x10), ...rest));
        } catch (error) {
          expect(isWsmpError(error)).toBe(false);
          throw error;
        }
      }),
      { numRuns: 2000 },
    );
    expect([...names].every((n) => ["spawned", "despawned", "synchronized", "delta_synchronized", "rpc_error"].includes(n))).toBe(true);
  });
});
