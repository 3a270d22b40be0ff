import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readI32, utf8Decode, utf8Encode, utf8Length, writeI32 } from "./bytes.js";

/** The platform's WHATWG encoder and decoder, used as the reference. The core itself has neither. */
const platform = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
};
const encoder = new platform.TextEncoder();
const decoder = new platform.TextDecoder();

/** Strings mixing ASCII, BMP, astral characters and lone surrogates. */
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom("a", "\u00e9", "\u20ac", "\u{1f600}", "\ud800", "\udfff"), fc.string({ unit: "binary", maxLength: 1 })), maxLength: 40 });

describe("UTF-8 against the platform's encoder", () => {
  it("utf8Encode and utf8Length agree with TextEncoder on any string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const ours = utf8Encode(text);
        expect(ours).toEqual(encoder.encode(text));
        expect(utf8Length(text)).toBe(ours.length);
      }),
      { numRuns: 500 },
    );
  });

  it("utf8Decode agrees with TextDecoder on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("decode(encode(s)) is s for well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("int32", () => {
  it("readI32(writeI32(v)) is v for every int32", () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.nat(8), (value, offset) => {
        const buf = new Uint8Array(offset + 4);
        writeI32(buf, offset, value);
        expect(readI32(buf, offset)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});
