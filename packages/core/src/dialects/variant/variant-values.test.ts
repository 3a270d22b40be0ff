import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import {
  builtinType, Callable, classNameType, decodeVariant, DoublePrecision, encodeVariant, EncodedObjectAsID, GodotDictionary, GodotFloat, godotFloat, GodotInt, godotInt,
  NodePath, PackedStringArray, PackedVector2Array, RID, Signal, StringName, TypedArray, Vector2, VariantType, type GodotValue,
} from "./index.js";

const hex4 = (value: GodotValue): string => toHex(encodeVariant(value, { version: 4 }));
const decode4 = (hex: string): GodotValue => decodeVariant(fromHex(hex), { version: 4 }).value;
/** Decoding then encoding gives back the same bytes. */
const same = (hex: string, version: 3 | 4 = 4): void => {
  expect(toHex(encodeVariant(decodeVariant(fromHex(hex), { version }).value, { version }))).toBe(hex);
};

describe("numbers: INT and FLOAT", () => {
  it("a safe integer is an INT, anything else a FLOAT; wrappers force the other choice", () => {
    expect(hex4(7)).toBe("02 00 00 00 07 00 00 00");
    expect(hex4(7n)).toBe("02 00 00 00 07 00 00 00");
    expect(hex4(godotInt(7))).toBe("02 00 00 00 07 00 00 00");
    expect(hex4(godotFloat(2))).toBe("03 00 00 00 00 00 00 40");
    expect(hex4(godotFloat(0.5, true))).toBe("03 00 01 00 00 00 00 00 00 00 E0 3F");
    expect(hex4(-0)).toBe("03 00 00 00 00 00 00 80");
    expect(hex4(NaN)).toBe("03 00 01 00 00 00 00 00 00 00 F8 7F");
    expect(hex4(Infinity)).toBe("03 00 00 00 00 00 80 7F");
    expect(hex4(2 ** 53)).toBe("03 00 00 00 00 00 00 5A");
    expect(hex4(-(2n ** 63n))).toBe("02 00 01 00 00 00 00 00 00 00 00 80");
  });

  it("decodes ints past 2^53 as bigint and integral floats as GodotFloat", () => {
    expect(decode4("02 00 01 00 00 00 00 00 00 00 00 80")).toBe(-(2n ** 63n));
    expect(decode4("02 00 01 00 00 00 00 00 00 00 20 00")).toBe(2n ** 53n);
    expect(decode4("02 00 01 00 FF FF FF FF FF FF 1F 00")).toBe(2 ** 53 - 1);
    expect(decode4("03 00 00 00 00 00 00 40")).toEqual(new GodotFloat(2));
    expect(decode4("03 00 00 00 00 00 C0 3F")).toBe(1.5);
    expect(Object.is(decode4("03 00 00 00 00 00 00 80"), -0)).toBe(true);
    expect(decode4("03 00 01 00 00 00 00 00 00 00 F8 7F")).toBeNaN();
  });

  it("keeps the bytes of FLAG_64 values that would fit in 32 bits (GodotInt wide, GodotFloat double)", () => {
    expect(decode4("02 00 01 00 05 00 00 00 00 00 00 00")).toEqual(new GodotInt(5, true));
    expect(decode4("03 00 01 00 00 00 00 00 00 00 F8 3F")).toEqual(new GodotFloat(1.5, true));
    for (const hex of ["02 00 01 00 05 00 00 00 00 00 00 00", "03 00 01 00 00 00 00 00 00 00 F8 3F", "03 00 00 00 00 00 00 40", "03 00 01 00 00 00 00 00 00 00 00 C3"]) same(hex);
  });

  it("refuses a GodotInt that is not an integer in range", () => {
    expect(() => godotInt(1.5)).toThrow(/GodotInt/);
    expect(() => godotInt(2n ** 63n)).toThrow(/GodotInt/);
  });
});

describe("NodePath and StringName", () => {
  it("parses text as Godot does", () => {
    expect(new NodePath("a/b:c")).toMatchObject({ names: ["a", "b"], subnames: ["c"], absolute: false });
    expect(new NodePath("/root/x")).toMatchObject({ names: ["root", "x"], subnames: [], absolute: true });
    expect(new NodePath(":a:b")).toMatchObject({ names: [], subnames: ["a", "b"], absolute: false });
    expect(new NodePath("../a//b:")).toMatchObject({ names: ["..", "a", "b"], subnames: [] });
    expect(new NodePath("")).toMatchObject({ names: [], subnames: [], absolute: false });
    expect(() => new NodePath("a::b")).toThrow(/NodePath/);
    expect(String(new NodePath("/root/x:y:z"))).toBe("/root/x:y:z");
  });

  it("encodes names then subnames, and the absolute flag", () => {
    expect(hex4(new NodePath("/r:p"))).toBe("16 00 00 00 01 00 00 80 01 00 00 00 01 00 00 00 01 00 00 00 72 00 00 00 01 00 00 00 70 00 00 00");
    expect(hex4(new StringName("x"))).toBe("15 00 00 00 01 00 00 00 78 00 00 00");
  });

  it("reads the legacy flag (one more subname) and ignores the padding's content", () => {
    expect(decode4("16 00 00 00 01 00 00 80 00 00 00 00 02 00 00 00 01 00 00 00 61 00 00 00 01 00 00 00 62 00 00 00")).toEqual(new NodePath({ names: ["a"], subnames: ["b"] }));
    expect(decode4("16 00 00 00 01 00 00 80 00 00 00 00 00 00 00 00 01 00 00 00 61 30 34 30")).toEqual(new NodePath("a"));
  });
});

describe("strings", () => {
  it("end at the first NUL byte, as Godot's parse_utf8 does", () => {
    expect(decode4("04 00 00 00 03 00 00 00 61 00 62 00")).toBe("a");
  });

  it("PackedStringArray elements carry a NUL terminator that decoding drops", () => {
    expect(hex4(new PackedStringArray(["", "abc"]))).toBe("22 00 00 00 02 00 00 00 01 00 00 00 00 00 00 00 04 00 00 00 61 62 63 00");
    same("22 00 00 00 02 00 00 00 01 00 00 00 00 00 00 00 04 00 00 00 61 62 63 00");
  });
});

describe("engine types", () => {
  it("RID: Godot 4 sends the id, Godot 3 nothing", () => {
    expect(hex4(new RID(5n))).toBe("17 00 00 00 05 00 00 00 00 00 00 00");
    expect(toHex(encodeVariant(new RID(5n), { version: 3 }))).toBe("10 00 00 00");
    expect(decodeVariant(fromHex("10 00 00 00"), { version: 3 }).value).toEqual(new RID());
  });

  it("Callable is empty, Signal is a name and an object id, objects go as ids", () => {
    expect(hex4(new Callable())).toBe("19 00 00 00");
    same("1A 00 00 00 05 00 00 00 72 65 61 64 79 00 00 00 F3 03 00 3E 04 00 00 00");
    expect(decode4("1A 00 00 00 05 00 00 00 72 65 61 64 79 00 00 00 F3 03 00 3E 04 00 00 00")).toEqual(new Signal("ready", 0x43e0003f3n));
    expect(decode4("18 00 01 00 FE 03 00 4B 04 00 00 00")).toEqual(new EncodedObjectAsID(0x44b0003fen));
    expect(decode4("18 00 01 00 00 00 00 00 00 00 00 00")).toBeNull();
    same("18 00 01 00 FE 03 00 4B 04 00 00 00");
  });
});

describe("containers", () => {
  it("typed arrays and dictionaries keep their types (bytes from Godot 4.6)", () => {
    same("1C 00 01 00 05 00 00 00 01 00 00 00 05 00 00 00 00 00 80 3F 00 00 00 40");
    same("1B 00 05 00 04 00 00 00 02 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00 02 00 00 00 01 00 00 00");
    same("1B 00 04 00 02 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 02 00 00 00 02 00 00 00");
    same("1C 00 02 00 11 00 00 00 45 6E 63 6F 64 65 64 4F 62 6A 65 63 74 41 73 49 44 00 00 00 00 00 00 00");
    const dict = decode4("1B 00 05 00 04 00 00 00 02 00 00 00 00 00 00 00") as GodotDictionary;
    expect([dict.keyType, dict.valueType]).toEqual([builtinType(VariantType.STRING), builtinType(VariantType.INT)]);
    expect(decode4("1C 00 02 00 04 00 00 00 4E 6F 64 65 00 00 00 00")).toEqual(new TypedArray(classNameType("Node"), []));
  });

  it("dictionaries keep insertion order and non-string keys; a Map or a plain object encodes as one", () => {
    const dict = new GodotDictionary([[new Vector2(1, 2), "v"], [3, 4], ["a", null]]);
    const back = decodeVariant(encodeVariant(dict, { version: 3 }), { version: 3 }).value as GodotDictionary;
    expect([...back.keys()]).toEqual([new Vector2(1, 2), 3, "a"]);
    expect(hex4(new Map([["a", 1]]))).toBe(hex4(new GodotDictionary([["a", 1]])));
    expect(hex4({ a: 1 })).toBe(hex4(new GodotDictionary([["a", 1]])));
  });
});

describe("double-precision builds (FLAG_64 on math types, Godot 4)", () => {
  it("decodes into DoublePrecision and encodes back with the flag", () => {
    const hex = "05 00 01 00 9A 99 99 99 99 99 B9 3F 00 00 00 00 00 00 00 40";
    expect(decode4(hex)).toEqual(new DoublePrecision(new Vector2(0.1, 2)));
    same(hex);
    const packed = "23 00 01 00 01 00 00 00 00 00 00 00 00 00 F0 3F 00 00 00 00 00 00 00 40";
    expect(decode4(packed)).toEqual(new PackedVector2Array(new Float64Array([1, 2])));
    same(packed);
  });

  it("Godot 3 reads FLAG_64 math types as 32-bit (it has no double builds) and refuses to write them", () => {
    expect(() => encodeVariant(new DoublePrecision(new Vector2(1, 2)), { version: 3 })).toThrow(/Godot 3/);
    expect(decodeVariant(fromHex("05 00 01 00 00 00 80 3F 00 00 00 40"), { version: 3 }).value).toEqual(new Vector2(1, 2));
  });
});

describe("input views", () => {
  it("copies packed arrays out of the input, even from a Uint8Array subclass whose slice is a view (Node's Buffer)", () => {
    class ViewSlicing extends Uint8Array {
      override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
        return this.subarray(start, end) as Uint8Array<ArrayBuffer>;
      }
    }
    const pool = new ArrayBuffer(64);
    const encoded = encodeVariant([new Float32Array([1.5, 2]), new Uint8Array([9])], { version: 4 });
    const input = new ViewSlicing(pool, 8, encoded.length);
    input.set(encoded);
    const value = decodeVariant(input, { version: 4 }).value as [Float32Array, Uint8Array];
    expect(value).toEqual([new Float32Array([1.5, 2]), new Uint8Array([9])]);
    expect([value[0].buffer.byteLength, value[1].buffer.byteLength, value[1].constructor]).toEqual([8, 1, Uint8Array]);
  });
});

describe("the reused output buffer", () => {
  it("leaves no bytes of an earlier encoding in a later one's padding", () => {
    expect(hex4("x".repeat(40))).toContain("78 78");
    expect(hex4("ab")).toBe("04 00 00 00 02 00 00 00 61 62 00 00");
    expect(hex4(new Uint8Array([1]))).toBe("1D 00 00 00 01 00 00 00 01 00 00 00");
  });

  it("is not shared by an encoding started while another runs (a Map subclass calling the codec)", () => {
    let inner = "";
    class Spy extends Map<GodotValue, GodotValue> {
      override *[Symbol.iterator](): MapIterator<[GodotValue, GodotValue]> {
        inner = hex4("nested");
        yield* super[Symbol.iterator]();
      }
    }
    expect(hex4(new Spy([["k", 1]]) as unknown as GodotValue)).toBe(hex4(new GodotDictionary([["k", 1]])));
    expect(inner).toBe(hex4("nested"));
  });
});
