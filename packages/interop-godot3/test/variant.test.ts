import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeVariant, EncodedObjectAsID, encodeVariant } from "@wsmp/core/variant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAllGodot, requireGodot3, runGodot, type GodotResult } from "./godot.js";
import { expectSameBytes, hex } from "./variant-compare.js";
import { GODOT3_VALUES } from "./variant-values.js";

/**
 * Godot 3.2.3's var2bytes / bytes2var against wsmp's codec, both ways, for every Godot 3 type
 * (godot/variant_golden.gd holds the same values as variant-values.ts). One Godot run prints its
 * encodings and checks wsmp's, which it reads from a file.
 */

const options = (id: string) => ({ version: 3 as const, allowObjects: id.startsWith("obj_") });

let dir = "";
let result: GodotResult;
let output: string[] = [];
let engineErrors: string[] = [];

beforeAll(async () => {
  requireGodot3();
  dir = mkdtempSync(join(tmpdir(), "wsmp-variant3-"));
  const file = join(dir, "wsmp.txt");
  writeFileSync(file, GODOT3_VALUES.map(([id, value]) => `${id} ${hex(encodeVariant(value, options(id)))}`).join("\n") + "\n");
  const run = runGodot("variant_golden.gd", { file }, 20_000);
  try {
    result = await run.result;
  } finally {
    await run.kill();
  }
  output = run.output;
  engineErrors = run.engineErrors();
}, 30_000);

afterAll(async () => {
  await killAllGodot();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `PREFIX id rest...` lines of the Godot output, by id. */
function lines(prefix: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of output) {
    const [head, id, ...rest] = line.split(" ");
    if (head === prefix && id !== undefined) out.set(id, rest);
  }
  return out;
}

describe("Godot 3.2.3 Variant encoding (var2bytes / bytes2var)", () => {
  it("the Godot script ran cleanly and checked every value", () => {
    expect(engineErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result["checked"]).toBe(GODOT3_VALUES.length);
    const printed = new Set([...lines("VAR").keys(), ...lines("VAR_OBJ").keys()]);
    expect([...printed].sort()).toEqual(GODOT3_VALUES.map(([id]) => id).sort());
  });

  describe.each(GODOT3_VALUES.map(([id, value]) => ({ id, value })))("$id", ({ id, value }) => {
    it("wsmp encodes Godot's bytes and decodes them to the value", () => {
      const godotHex = (lines("VAR").get(id) ?? lines("VAR_OBJ").get(id))?.[0];
      expect(godotHex, `Godot printed no bytes for ${id}`).toBeDefined();
      expectSameBytes(godotHex!, encodeVariant(value, options(id)), value, options(id));
      const decoded = decodeVariant(Buffer.from(godotHex!, "hex"), options(id));
      expect(decoded.value).toEqual(value);
      expect(decoded.length).toBe(godotHex!.length / 2);
    });

    it("Godot decodes wsmp's bytes to its own value", () => {
      expect(lines("CHECK").get(id)?.join(" ")).toBe("OK");
    });
  });

  it("objects sent as ids decode to EncodedObjectAsID with the instance id", () => {
    const objects = lines("OBJ");
    expect([...objects.keys()]).toEqual(["node", "reference"]);
    for (const [instanceId, godotHex] of objects.values()) {
      const { value } = decodeVariant(Buffer.from(godotHex!, "hex"), { version: 3 });
      expect(value).toEqual(new EncodedObjectAsID(BigInt(instanceId!)));
      expect(hex(encodeVariant(value, { version: 3 }))).toBe(godotHex);
    }
  });
});
