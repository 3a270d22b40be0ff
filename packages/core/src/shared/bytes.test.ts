import { describe, expect, it } from "vitest";
import { fromHex, i32Bytes, payloadLength, readI32, toBytes, toHex, utf8Decode, utf8DecodeStrict, utf8Encode, utf8Length, writeI32 } from "./bytes.js";

/** Golden vectors: each string with its UTF-8 bytes. */
const UTF8_VECTORS: readonly (readonly [label: string, text: string, hex: string])[] = [
  ["empty", "", ""],
  ["ASCII", "Godot 4!", "47 6F 64 6F 74 20 34 21"],
  ["NUL and DEL", "\u0000\u007f", "00 7F"],
  ["2-byte (U+00E9, U+07FF)", "\u00e9\u07ff", "C3 A9 DF BF"],
  ["3-byte (U+0800, U+20AC, U+FFFF)", "\u0800\u20ac\uffff", "E0 A0 80 E2 82 AC EF BF BF"],
  ["4-byte (U+1F600 as a surrogate pair)", "\u{1f600}", "F0 9F 98 80"],
  ["4-byte (U+10000 and U+10FFFF)", "\u{10000}\u{10ffff}", "F0 90 80 80 F4 8F BF BF"],
  ["mixed", "a\u00e9\u20ac\u{1f600}", "61 C3 A9 E2 82 AC F0 9F 98 80"],
];

describe("utf8Encode / utf8Decode / utf8Length", () => {
  for (const [label, text, hex] of UTF8_VECTORS) {
    it(`encodes and decodes ${label}`, () => {
      expect(toHex(utf8Encode(text))).toBe(hex);
      expect(utf8Length(text)).toBe(fromHex(hex).length);
      expect(utf8Decode(fromHex(hex))).toBe(text);
    });
  }

  it("encodes lone surrogates as U+FFFD (EF BF BD), counted as 3 bytes", () => {
    const cases: readonly (readonly [string, string])[] = [
      ["\ud800", "EF BF BD"],
      ["\udfff", "EF BF BD"],
      ["a\ud83d", "61 EF BF BD"], // high surrogate at the end
      ["\ud83dz", "EF BF BD 7A"], // high surrogate followed by a non-surrogate
      ["\ude00\ud83d", "EF BF BD EF BF BD"], // reversed pair
      ["\ud83d\ud83d\ude00", "EF BF BD F0 9F 98 80"], // a lone high surrogate, then a pair
    ];
    for (const [text, hex] of cases) {
      expect(toHex(utf8Encode(text))).toBe(hex);
      expect(utf8Length(text)).toBe(fromHex(hex).length);
    }
  });

  it("decodes invalid bytes to U+FFFD without throwing", () => {
    const cases: readonly (readonly [string, string])[] = [
      ["80", "\ufffd"], // lone continuation byte
      ["C0 AF", "\ufffd\ufffd"], // overlong 2-byte form
      ["E0 80 AF", "\ufffd\ufffd\ufffd"], // overlong 3-byte form
      ["ED A0 80", "\ufffd\ufffd\ufffd"], // an encoded surrogate
      ["F4 90 80 80", "\ufffd\ufffd\ufffd\ufffd"], // above U+10FFFF
      ["FF", "\ufffd"],
      ["E2 82", "\ufffd"], // truncated 3-byte sequence at the end: one replacement
      ["E2 82 41", "\ufffdA"], // truncated 3-byte sequence before ASCII
      ["F0 9F 98", "\ufffd"], // truncated 4-byte sequence
      ["F0 9F 41", "\ufffdA"],
      ["C3", "\ufffd"],
    ];
    for (const [hex, text] of cases) expect(utf8Decode(fromHex(hex)), hex).toBe(text);
  });

  it("measures payloads: strings in UTF-8 bytes, binary by byteLength", () => {
    expect(payloadLength("\u20ac")).toBe(3);
    expect(payloadLength(new Uint8Array(7))).toBe(7);
    expect(toHex(toBytes("\u00e9"))).toBe("C3 A9");
    const bytes = new Uint8Array([1, 2]);
    expect(toBytes(bytes)).toBe(bytes);
  });
});

describe("readI32 / writeI32", () => {
  const VECTORS: readonly (readonly [number, string])[] = [
    [0, "00 00 00 00"],
    [1, "01 00 00 00"],
    [2, "02 00 00 00"],
    [1234567, "87 D6 12 00"],
    [0x7fffffff, "FF FF FF 7F"],
    [-1, "FF FF FF FF"],
    [-2, "FE FF FF FF"],
    [-0x80000000, "00 00 00 80"],
  ];

  for (const [value, hex] of VECTORS) {
    it(`writes and reads ${value} as ${hex}`, () => {
      expect(toHex(i32Bytes(value))).toBe(hex);
      expect(readI32(fromHex(hex), 0)).toBe(value);
    });
  }

  it("reads and writes at an offset, leaving the other bytes alone", () => {
    const buf = new Uint8Array(7).fill(0xee);
    writeI32(buf, 2, 1234567);
    expect(toHex(buf)).toBe("EE EE 87 D6 12 00 EE");
    expect(readI32(buf, 2)).toBe(1234567);
  });

  it("reads through a view with a byteOffset", () => {
    const backing = fromHex("AA BB 87 D6 12 00");
    expect(readI32(backing.subarray(2), 0)).toBe(1234567);
  });

  it("wraps values beyond the int32 range the way a C cast does", () => {
    expect(toHex(i32Bytes(0x80000000))).toBe("00 00 00 80");
    expect(readI32(i32Bytes(0xffffffff), 0)).toBe(-1);
  });
});

describe("toHex / fromHex", () => {
  it("round-trips and rejects malformed hex", () => {
    expect(toHex(fromHex("07 01 87d61200"))).toBe("07 01 87 D6 12 00");
    expect(toHex(new Uint8Array(0))).toBe("");
    expect(() => fromHex("ABC")).toThrow(RangeError);
    expect(() => fromHex("zz")).toThrow(RangeError);
  });
});

describe("UTF-8 through the platform codecs", () => {
  it("keeps a leading byte-order mark, so text round-trips byte for byte", () => {
    const bytes = fromHex("efbbbf61");
    expect(utf8Decode(bytes)).toBe("\ufeffa");
    expect(toHex(utf8Encode(utf8Decode(bytes)))).toBe("EF BB BF 61");
  });

  it("tells valid UTF-8 from invalid bytes", () => {
    expect(utf8DecodeStrict(fromHex("68c3a9"))).toBe("hé");
    expect(utf8DecodeStrict(fromHex("68c3"))).toBeUndefined();
    expect(utf8DecodeStrict(fromHex("eda080"))).toBeUndefined(); // an encoded surrogate
  });
});
