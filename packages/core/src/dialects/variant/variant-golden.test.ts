import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import { builtinType, Color, decodeVariant, encodeVariant, GodotDictionary, NodePath, PackedStringArray, TypedArray, Vector2, Vector2i, Vector3, VariantType, type GodotValue } from "./index.js";

/** Spec §7.4, every worked example: [name, value, Godot 4 hex, Godot 3 hex (null: no such type)]. */
const EXAMPLES: readonly (readonly [string, GodotValue, string, string | null])[] = [
  ["null", null, "00 00 00 00", "00 00 00 00"],
  ["true", true, "01 00 00 00 01 00 00 00", "01 00 00 00 01 00 00 00"],
  ["42", 42, "02 00 00 00 2A 00 00 00", "02 00 00 00 2A 00 00 00"],
  ["-1", -1, "02 00 00 00 FF FF FF FF", "02 00 00 00 FF FF FF FF"],
  ["1 << 40", 2 ** 40, "02 00 01 00 00 00 00 00 00 01 00 00", "02 00 01 00 00 00 00 00 00 01 00 00"],
  ["1.5", 1.5, "03 00 00 00 00 00 C0 3F", "03 00 00 00 00 00 C0 3F"],
  ["0.1", 0.1, "03 00 01 00 9A 99 99 99 99 99 B9 3F", "03 00 01 00 9A 99 99 99 99 99 B9 3F"],
  ['"hi"', "hi", "04 00 00 00 02 00 00 00 68 69 00 00", "04 00 00 00 02 00 00 00 68 69 00 00"],
  ['""', "", "04 00 00 00 00 00 00 00", "04 00 00 00 00 00 00 00"],
  ['"héllo"', "héllo", "04 00 00 00 06 00 00 00 68 C3 A9 6C 6C 6F 00 00", "04 00 00 00 06 00 00 00 68 C3 A9 6C 6C 6F 00 00"],
  ["Vector2(1, 2)", new Vector2(1, 2), "05 00 00 00 00 00 80 3F 00 00 00 40", "05 00 00 00 00 00 80 3F 00 00 00 40"],
  ["Vector3(1, 2, 3)", new Vector3(1, 2, 3), "09 00 00 00 00 00 80 3F 00 00 00 40 00 00 40 40", "07 00 00 00 00 00 80 3F 00 00 00 40 00 00 40 40"],
  ["Vector2i(1, 2)", new Vector2i(1, 2), "06 00 00 00 01 00 00 00 02 00 00 00", null],
  ["Color(1, 0, 0, 1)", new Color(1, 0, 0, 1), "14 00 00 00 00 00 80 3F 00 00 00 00 00 00 00 00 00 00 80 3F", "0E 00 00 00 00 00 80 3F 00 00 00 00 00 00 00 00 00 00 80 3F"],
  ['[1, "a"]', [1, "a"], "1C 00 00 00 02 00 00 00 02 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00", "13 00 00 00 02 00 00 00 02 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00"],
  ['{"a": 1}', new GodotDictionary([["a", 1]]), "1B 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00 02 00 00 00 01 00 00 00", "12 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00 02 00 00 00 01 00 00 00"],
  ["bytes [1,2,3]", new Uint8Array([1, 2, 3]), "1D 00 00 00 03 00 00 00 01 02 03 00", "14 00 00 00 03 00 00 00 01 02 03 00"],
  ['strings ["ab"]', new PackedStringArray(["ab"]), "22 00 00 00 01 00 00 00 03 00 00 00 61 62 00 00", "17 00 00 00 01 00 00 00 03 00 00 00 61 62 00 00"],
  ["Array[int]([7])", new TypedArray(builtinType(VariantType.INT), [7]), "1C 00 01 00 02 00 00 00 01 00 00 00 02 00 00 00 07 00 00 00", null],
  ['NodePath("a/b")', new NodePath("a/b"), "16 00 00 00 02 00 00 80 00 00 00 00 00 00 00 00 01 00 00 00 61 00 00 00 01 00 00 00 62 00 00 00", "0F 00 00 00 02 00 00 80 00 00 00 00 00 00 00 00 01 00 00 00 61 00 00 00 01 00 00 00 62 00 00 00"],
];

describe.each([4, 3] as const)("spec §7.4 worked examples, Godot %i", (version) => {
  for (const [name, value, hex4, hex3] of EXAMPLES) {
    const hex = version === 4 ? hex4 : hex3;
    if (hex === null) {
      it(`${name} has no Godot ${version} encoding`, () => {
        expect(() => encodeVariant(value, { version })).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_ARGUMENT" }));
      });
      continue;
    }
    it(`${name} encodes to ${hex}`, () => {
      expect(toHex(encodeVariant(value, { version }))).toBe(hex);
    });
    it(`${hex} decodes to ${name}`, () => {
      const bytes = fromHex(hex);
      const decoded = decodeVariant(bytes, { version });
      expect(decoded.length).toBe(bytes.length);
      expect(decoded.value).toEqual(value);
    });
  }
});

describe("decoding at an offset (RPC arguments are concatenated)", () => {
  it("reads consecutive values and reports each length", () => {
    const bytes = fromHex("FF FF 02 00 00 00 2A 00 00 00 04 00 00 00 02 00 00 00 68 69 00 00 00 00 00 00");
    const first = decodeVariant(bytes, { version: 4, offset: 2 });
    const second = decodeVariant(bytes, { version: 4, offset: 2 + first.length });
    const third = decodeVariant(bytes, { version: 4, offset: 2 + first.length + second.length });
    expect([first, second, third]).toEqual([
      { value: 42, length: 8 },
      { value: "hi", length: 12 },
      { value: null, length: 4 },
    ]);
  });
});
