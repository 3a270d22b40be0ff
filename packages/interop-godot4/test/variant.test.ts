import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeVariant, EncodedObjectAsID, encodeVariant, Signal } from "@wsmp/core/variant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findGodot4, godot4Absence, runGodot4Script, type Godot4Result } from "./godot4.js";
// The same comparison the Godot 3 engine tests use (Godot leaves NodePath padding uninitialised in both).
import { expectSameBytes, hex } from "../../interop-godot3/test/variant-compare.js";
import { GODOT4_VALUES } from "./variant-values.js";

/**
 * Godot 4's var_to_bytes / bytes_to_var against wsmp's codec, both ways, for every Godot 4 type
 * (godot/variant_golden.gd holds the same values as variant-values.ts), typed arrays and
 * dictionaries and PackedVector4Array included. One Godot run prints its encodings and checks
 * wsmp's, which it reads from a file.
 */

const GODOT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "godot");
const godot4 = await findGodot4();
console.log(godot4 ? `godot4 engine tests: ran (binary ${godot4})` : `godot4 engine tests: NOT RUN (${godot4Absence})`);

const options = (id: string) => ({ version: 4 as const, allowObjects: id.startsWith("obj_") });

if (!godot4) {
  it.todo(`godot4 engine tests: NOT RUN (${godot4Absence})`);
} else {
  let dir = "";
  let run: Godot4Result;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wsmp-variant4-"));
    const file = join(dir, "wsmp.txt");
    writeFileSync(file, GODOT4_VALUES.map(([id, value]) => `${id} ${hex(encodeVariant(value, options(id)))}`).join("\n") + "\n");
    run = await runGodot4Script({ binary: godot4, projectFiles: GODOT_DIR, script: "variant_golden.gd", args: [`--file=${file}`], timeoutMs: 20_000 });
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `PREFIX id rest...` lines of the Godot output, by id. */
  const lines = (prefix: string): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const line of run.output) {
      const [head, id, ...rest] = line.split(" ");
      if (head === prefix && id !== undefined) out.set(id, rest);
    }
    return out;
  };

  describe("Godot 4 Variant encoding (var_to_bytes / bytes_to_var)", () => {
    it("the Godot script ran cleanly and checked every value", () => {
      expect({ code: run.code, timedOut: run.timedOut, errors: run.engineErrors }).toEqual({ code: 0, timedOut: false, errors: [] });
      expect(run.output).toContain(`DONE ${GODOT4_VALUES.length}`);
      const printed = new Set([...lines("VAR").keys(), ...lines("VAR_OBJ").keys()]);
      expect([...printed].sort()).toEqual(GODOT4_VALUES.map(([id]) => id).sort());
    });

    describe.each(GODOT4_VALUES.map(([id, value]) => ({ id, value })))("$id", ({ id, value }) => {
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

    it("objects and signals carry the instance id", () => {
      const refs = lines("REF");
      expect([...refs.keys()]).toEqual(["node", "refcounted", "signal"]);
      const expected = {
        node: (id: bigint) => new EncodedObjectAsID(id),
        refcounted: (id: bigint) => new EncodedObjectAsID(id),
        signal: (id: bigint) => new Signal("ready", id),
      };
      for (const [name, [instanceId, godotHex]] of refs) {
        const { value } = decodeVariant(Buffer.from(godotHex!, "hex"), { version: 4 });
        // GDScript prints ids as signed; a RefCounted's id has bit 63 set, the wire holds it unsigned.
        expect(value).toEqual(expected[name as keyof typeof expected](BigInt.asUintN(64, BigInt(instanceId!))));
        expect(hex(encodeVariant(value, { version: 4 }))).toBe(godotHex);
      }
    });
  });
}
