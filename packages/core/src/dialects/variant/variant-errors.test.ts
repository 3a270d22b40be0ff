import { describe, expect, it } from "vitest";
import { fromHex } from "../../shared/bytes.js";
import { isWsmpError } from "../../shared/errors.js";
import { Color, decodeVariant, encodeVariant, GodotDictionary, GodotObject, NodePath, PackedStringArray, StringName, Vector2, type GodotValue } from "./index.js";

/** Runs `fn` and returns the error it throws, checking it is a WsmpError with `code`. */
function thrown(fn: () => unknown, code = "WSMP_ERR_VARIANT"): { godotError: number; message: string } {
  try {
    fn();
  } catch (error) {
    expect(isWsmpError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return error as { godotError: number; message: string };
  }
  throw new Error("expected an error");
}

const u32 = (n: number): string => [0, 8, 16, 24].map((s) => ((n >>> s) & 0xff).toString(16).padStart(2, "0")).join(" ");

describe("truncated input", () => {
  const values: readonly GodotValue[] = [
    -5,
    2 ** 40,
    0.1,
    "héllo wörld",
    new Vector2(1, 2),
    new Color(0.5, 0.25, 1, 1),
    new NodePath("/root/a:b"),
    [1, "two", [3.5, null]],
    new GodotDictionary([["k", [true]], [7, "v"]]),
    new Int32Array([1, -2, 3]),
    new PackedStringArray(["a", "bcd"]),
  ];
  for (const version of [4, 3] as const) {
    it(`fails with ERR_FILE_EOF or ERR_INVALID_DATA at every cut, Godot ${version}`, () => {
      for (const value of values) {
        const bytes = encodeVariant(value, { version });
        expect(decodeVariant(bytes, { version }).length).toBe(bytes.length);
        for (let cut = 0; cut < bytes.length; cut++) {
          const error = thrown(() => decodeVariant(bytes.subarray(0, cut), { version }));
          expect([18, 30]).toContain(error.godotError);
        }
      }
    });
  }

  it("a string cut inside its text or padding is ERR_FILE_EOF (18), a cut length field ERR_INVALID_DATA (30)", () => {
    const bytes = encodeVariant("hello", { version: 4 });
    expect(thrown(() => decodeVariant(bytes.subarray(0, 6), { version: 4 })).godotError).toBe(30);
    expect(thrown(() => decodeVariant(bytes.subarray(0, 9), { version: 4 })).godotError).toBe(18);
    expect(thrown(() => decodeVariant(bytes.subarray(0, 15), { version: 4 })).godotError).toBe(18);
  });

  it("a PackedByteArray may lack its padding at the end of the data, as Godot reads it", () => {
    expect(decodeVariant(fromHex("1D 00 00 00 03 00 00 00 01 02 03"), { version: 4 })).toEqual({ value: new Uint8Array([1, 2, 3]), length: 11 });
  });
});

describe("forged lengths fail before allocating", () => {
  const cases: readonly (readonly [string, string, number])[] = [
    ["Array of 2^31-1", `1C 00 00 00 ${u32(0x7fffffff)} 00 00 00 00`, 30],
    ["Dictionary of 2^31-1", `1B 00 00 00 ${u32(0x7fffffff)} 00 00 00 00 00 00 00 00`, 30],
    ["PackedByteArray of 2^31-1", `1D 00 00 00 ${u32(0x7fffffff)} 00 00 00 00`, 30],
    ["PackedByteArray of -1", `1D 00 00 00 ${u32(0xffffffff)}`, 30],
    ["PackedInt32Array of 2^30", `1E 00 00 00 ${u32(0x40000000)} 00 00 00 00`, 30],
    ["PackedInt64Array of 2^29 (count x 8 overflows int32)", `1F 00 00 00 ${u32(0x20000000)} 00 00 00 00 00 00 00 00`, 30],
    ["PackedFloat64Array of 2^31-1", `21 00 00 00 ${u32(0x7fffffff)}`, 30],
    ["PackedStringArray of 2^31-1", `22 00 00 00 ${u32(0x7fffffff)} 00 00 00 00`, 30],
    ["PackedVector3Array of 2^28", `24 00 00 00 ${u32(0x10000000)} 00 00 00 00`, 30],
    ["PackedVector4Array (FLAG_64) of 2^27", `26 00 01 00 ${u32(0x8000000)} 00 00 00 00`, 30],
    ["PackedColorArray of 2^27", `25 00 00 00 ${u32(0x8000000)} 00 00 00 00`, 30],
    ["String of 2^32-16 bytes (negative)", `04 00 00 00 ${u32(0xfffffff0)} 61 00 00 00`, 18],
    ["String of 2^31-3 bytes (length + padding overflows)", `04 00 00 00 ${u32(0x7ffffffd)} 61 00 00 00`, 18],
    ["NodePath of 2^31-1 names", `16 00 00 00 ${u32(0xffffffff)} ${u32(0xffffffff)} 00 00 00 00`, 30],
    ["typed Array of type 39", `1C 00 01 00 27 00 00 00 00 00 00 00`, 30],
    ["NodePath in the old format", `16 00 00 00 01 00 00 00 00 00 00 00`, 30],
    ["String with malformed UTF-8", `04 00 00 00 02 00 00 00 FF 61 00 00`, 30],
    ["String with an overlong NUL", `04 00 00 00 02 00 00 00 C0 80 00 00`, 30],
    ["String with an encoded surrogate", `04 00 00 00 03 00 00 00 ED A0 80 00`, 30],
  ];
  for (const [name, hex, godotError] of cases) {
    it(`${name} -> ${godotError}`, () => {
      expect(thrown(() => decodeVariant(fromHex(hex), { version: 4 })).godotError).toBe(godotError);
    });
  }

  it("a full object's forged property count fails (allowObjects on)", () => {
    const hex = `18 00 00 00 01 00 00 00 41 00 00 00 ${u32(0x7fffffff)} 00 00 00 00`;
    expect(thrown(() => decodeVariant(fromHex(hex), { version: 4, allowObjects: true })).godotError).toBe(30);
  });
});

describe("unknown type ids", () => {
  it("Godot 4 refuses ids 39-255 and Godot 3 ids 27-255 with ERR_INVALID_DATA", () => {
    for (let id = 39; id < 256; id++) expect(thrown(() => decodeVariant(fromHex(`${u32(id)} 00 00 00 00`), { version: 4 })).godotError).toBe(30);
    for (let id = 27; id < 256; id++) expect(thrown(() => decodeVariant(fromHex(`${u32(id)} 00 00 00 00`), { version: 3 })).godotError).toBe(30);
  });

  it("type ids 38 (Godot 4.3+ PackedVector4Array) and 26 (Godot 3 PoolColorArray) decode", () => {
    expect(decodeVariant(fromHex("26 00 00 00 00 00 00 00"), { version: 4 }).length).toBe(8);
    expect(decodeVariant(fromHex("1A 00 00 00 00 00 00 00"), { version: 3 }).length).toBe(8);
  });
});

describe("depth limit (Godot's MAX_RECURSION_DEPTH, 1024)", () => {
  /** `levels` nested one-element Arrays around a NIL: the NIL is at depth `levels`. */
  const nested = (levels: number, version: 3 | 4): Uint8Array => {
    const header = version === 4 ? "1C 00 00 00 01 00 00 00 " : "13 00 00 00 01 00 00 00 ";
    return fromHex(header.repeat(levels) + "00 00 00 00");
  };

  for (const version of [4, 3] as const) {
    it(`decodes a value at depth 1024 and refuses depth 1025 with ERR_OUT_OF_MEMORY, Godot ${version}`, () => {
      expect(decodeVariant(nested(1024, version), { version }).length).toBe(1024 * 8 + 4);
      expect(thrown(() => decodeVariant(nested(1025, version), { version })).godotError).toBe(6);
    });
  }

  it("maxDepth lowers the limit; encoding has the same limit (a cyclic array fails instead of looping)", () => {
    expect(thrown(() => decodeVariant(nested(3, 4), { version: 4, maxDepth: 2 })).godotError).toBe(6);
    expect(decodeVariant(nested(2, 4), { version: 4, maxDepth: 2 }).length).toBe(20);
    let deep: GodotValue = null;
    for (let i = 0; i < 1025; i++) deep = [deep];
    expect(thrown(() => encodeVariant(deep, { version: 4 })).godotError).toBe(6);
    const cyclic: GodotValue[] = [];
    cyclic.push(cyclic, cyclic);
    expect([6]).toContain(thrown(() => encodeVariant(cyclic, { version: 4 })).godotError);
  });
});

describe("objects", () => {
  const full = new GodotObject("RefCounted", [["script", null]]);
  const fullHex = "18 00 00 00 0A 00 00 00 52 65 66 43 6F 75 6E 74 65 64 00 00 01 00 00 00 06 00 00 00 73 63 72 69 70 74 00 00 00 00 00 00";

  it("a full object is refused with ERR_UNAUTHORIZED (4) unless allowObjects is set", () => {
    expect(thrown(() => decodeVariant(fromHex(fullHex), { version: 4 })).godotError).toBe(4);
    expect(decodeVariant(fromHex(fullHex), { version: 4, allowObjects: true }).value).toEqual(full);
    expect(thrown(() => encodeVariant(full, { version: 4 }), "WSMP_ERR_INVALID_ARGUMENT").message).toMatch(/allowObjects/);
    expect(encodeVariant(full, { version: 4, allowObjects: true })).toEqual(fromHex(fullHex));
  });
});

describe("limits: maxSize", () => {
  it("encodes a value of exactly maxSize bytes and refuses one byte more with ERR_OUT_OF_MEMORY", () => {
    const value = new Uint8Array(92); // 4 header + 4 count + 92 bytes = 100
    expect(encodeVariant(value, { version: 4, maxSize: 100 }).length).toBe(100);
    expect(thrown(() => encodeVariant(value, { version: 4, maxSize: 99 })).godotError).toBe(6);
  });

  it("decodes a value of exactly maxSize bytes and refuses one that needs more", () => {
    const bytes = encodeVariant(new Uint8Array(92), { version: 4 });
    expect(decodeVariant(bytes, { version: 4, maxSize: 100 }).length).toBe(100);
    expect(thrown(() => decodeVariant(bytes, { version: 4, maxSize: 99 })).godotError).toBe(6);
    expect(decodeVariant(encodeVariant("x".repeat(100), { version: 4 }), { version: 4 }).length).toBe(108);
    expect(thrown(() => decodeVariant(encodeVariant("x".repeat(100), { version: 4 }), { version: 4, maxSize: 107 })).godotError).toBe(6);
  });
});

describe("caller mistakes are InvalidArgument errors", () => {
  it("types a Godot version lacks, values out of range, non-Godot values, bad options", () => {
    const bad: readonly (readonly [GodotValue | undefined, 3 | 4])[] = [
      [new StringName("x"), 3],
      [new BigInt64Array(1), 3],
      [new Float64Array(1), 3],
      [2n ** 63n, 4],
      [undefined, 4],
      [new Uint16Array(2) as unknown as GodotValue, 4],
      [(() => 1) as unknown as GodotValue, 4],
      [new Date(0) as unknown as GodotValue, 4],
    ];
    for (const [value, version] of bad) thrown(() => encodeVariant(value as GodotValue, { version }), "WSMP_ERR_INVALID_ARGUMENT");
    thrown(() => encodeVariant(1, { version: 5 as 4 }), "WSMP_ERR_INVALID_ARGUMENT");
    thrown(() => encodeVariant(1, { version: 4, maxDepth: 2000 }), "WSMP_ERR_INVALID_ARGUMENT");
    thrown(() => decodeVariant(new Uint8Array(4), { version: 4, offset: 5 }), "WSMP_ERR_INVALID_ARGUMENT");
    thrown(() => decodeVariant([0, 0, 0, 0] as unknown as Uint8Array, { version: 4 }), "WSMP_ERR_INVALID_ARGUMENT");
  });
});
