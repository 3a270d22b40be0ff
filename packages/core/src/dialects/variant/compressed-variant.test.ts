import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import { isWsmpError } from "../../shared/errors.js";
import { decodeCompressedVariant, encodeCompressedVariant, encodeVariant, godotInt, Vector2, type GodotValue } from "./index.js";

describe("compressed variants (Godot 4 RPC arguments, spec §5.7)", () => {
  const golden: readonly (readonly [GodotValue, string])[] = [
    [42, "02 2A"],
    [300, "42 2C 01"],
    [100000, "82 A0 86 01 00"],
    [true, "81"],
    [false, "01"],
    [-1, "02 FF"],
    [-128, "02 80"],
    [-129, "42 7F FF"],
    [32767, "42 FF 7F"],
    [-32769, "82 FF 7F FF FF"],
    [2 ** 31, "C2 00 00 00 80 00 00 00 00"],
    [-(2n ** 63n), "C2 00 00 00 00 00 00 00 80"],
  ];
  for (const [value, hex] of golden) {
    it(`${String(value)} <-> ${hex}`, () => {
      expect(toHex(encodeCompressedVariant(value))).toBe(hex);
      expect(decodeCompressedVariant(fromHex(hex))).toEqual({ value, length: fromHex(hex).length });
    });
  }

  it("GodotInt and small bigints compress like numbers; other types use the normal encoding", () => {
    expect(toHex(encodeCompressedVariant(godotInt(5, true)))).toBe("02 05");
    expect(toHex(encodeCompressedVariant(5n))).toBe("02 05");
    for (const value of ["hi", 1.5, new Vector2(1, 2), [1, true], null]) {
      const bytes = encodeCompressedVariant(value);
      expect(bytes).toEqual(encodeVariant(value, { version: 4 }));
      expect(decodeCompressedVariant(bytes)).toEqual({ value, length: bytes.length });
    }
  });

  it("decodes arguments one after another from an offset", () => {
    const bytes = fromHex("00 02 2A 81 04 00 00 00 01 00 00 00 61 00 00 00 42 2C 01");
    const values: GodotValue[] = [];
    for (let offset = 1; offset < bytes.length; ) {
      const { value, length } = decodeCompressedVariant(bytes, { offset });
      values.push(value);
      offset += length;
    }
    expect(values).toEqual([42, true, "a", 300]);
  });

  it("fails with ERR_INVALID_DATA on empty, truncated or unknown input", () => {
    for (const hex of ["", "02", "42 2C", "82 00 00 00", "C2 00 00 00 00 00 00 00", "27", "3F", "04 00 00", "45 00 00 00 00 00 80 3F 00 00 00 40"]) {
      try {
        decodeCompressedVariant(fromHex(hex));
        throw new Error(`no error for ${hex}`);
      } catch (error) {
        expect(isWsmpError(error)).toBe(true);
        expect((error as { godotError: number }).godotError).toBe(30);
      }
    }
  });
});
