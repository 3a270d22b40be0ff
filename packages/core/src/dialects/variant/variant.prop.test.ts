import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWsmpError } from "../../shared/errors.js";
import {
  AABB, Basis, builtinType, Callable, classNameType, Color, decodeCompressedVariant, decodeVariant, DoublePrecision, encodeCompressedVariant, encodeVariant,
  EncodedObjectAsID, GodotDictionary, GodotFloat, GodotInt, GodotObject, NodePath, PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array,
  PackedVector4Array, Plane, Projection, Quaternion, Rect2, Rect2i, RID, scriptType, Signal, StringName, Transform2D, Transform3D, TypedArray, Vector2, Vector2i,
  Vector3, Vector3i, Vector4, Vector4i, type GodotValue,
} from "./index.js";

/**
 * Values in the form decoding gives them back (so decode(encode(v)) equals v): ints as numbers
 * (bigint only past 2^53), floats as numbers unless integral (then GodotFloat), FLAG_64 markers
 * only where 32 bits would have done, strings without NUL.
 */
function values(version: 3 | 4, allowObjects: boolean): fc.Arbitrary<GodotValue> {
  const g4 = version === 4;
  const real = fc.float(); // any 32-bit float, NaN and infinities included
  const double = fc.double();
  const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
  const u64 = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n });
  const text = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\0"));
  const v2 = fc.tuple(real, real).map(([x, y]) => new Vector2(x, y));
  const v3 = fc.tuple(real, real, real).map(([x, y, z]) => new Vector3(x, y, z));
  const v4 = fc.tuple(real, real, real, real).map(([x, y, z, w]) => new Vector4(x, y, z, w));
  const basis = fc.tuple(v3, v3, v3).map(([x, y, z]) => new Basis(x, y, z));
  const wideReal = fc.double().map((d) => new Vector2(d, -d));
  const scalars: fc.Arbitrary<GodotValue>[] = [
    fc.constant(null),
    fc.boolean(),
    i32,
    fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b > 2n ** 53n - 1n || b < -(2n ** 53n) + 1n)),
    double.filter((d) => !Number.isSafeInteger(d) || Object.is(d, -0)),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((n) => new GodotFloat(n)),
    real.filter((f) => !Number.isNaN(f)).map((f) => new GodotFloat(f, true)),
    i32.map((n) => new GodotInt(n, true)),
    text,
    v2,
    v3,
    fc.tuple(real, real, real, real).map(([x, y, z, w]) => new Quaternion(x, y, z, w)),
    fc.tuple(real, real, real, real).map(([r, g, b, a]) => new Color(r, g, b, a)),
    fc.tuple(v2, v2).map(([p, s]) => new Rect2(p, s)),
    fc.tuple(v2, v2, v2).map(([x, y, o]) => new Transform2D(x, y, o)),
    fc.tuple(v3, real).map(([n, d]) => new Plane(n, d)),
    fc.tuple(v3, v3).map(([p, s]) => new AABB(p, s)),
    basis,
    fc.tuple(basis, v3).map(([b, o]) => new Transform3D(b, o)),
    fc.record({ names: fc.array(text, { maxLength: 3 }), subnames: fc.array(text, { maxLength: 3 }), absolute: fc.boolean() }).map((p) => new NodePath(p)),
    g4 ? fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((id) => new RID(id)) : fc.constant(new RID()),
    u64.map((id) => new EncodedObjectAsID(id)),
    fc.uint8Array({ maxLength: 9 }),
    fc.array(i32, { maxLength: 4 }).map((a) => Int32Array.from(a)),
    fc.array(real, { maxLength: 4 }).map((a) => Float32Array.from(a)),
    fc.array(text, { maxLength: 4 }).map((a) => new PackedStringArray(a)),
    fc.array(real, { maxLength: 6 }).map((a) => new PackedVector2Array(Float32Array.from(a.slice(0, a.length & ~1)))),
    fc.array(real, { maxLength: 6 }).map((a) => new PackedVector3Array(Float32Array.from(a.slice(0, a.length - (a.length % 3))))),
    fc.array(real, { maxLength: 8 }).map((a) => new PackedColorArray(Float32Array.from(a.slice(0, a.length & ~3)))),
  ];
  if (g4) {
    scalars.push(
      text.map((s) => new StringName(s)),
      fc.tuple(i32, i32).map(([x, y]) => new Vector2i(x, y)),
      fc.tuple(i32, i32, i32).map(([x, y, z]) => new Vector3i(x, y, z)),
      fc.tuple(i32, i32, i32, i32).map(([x, y, z, w]) => new Vector4i(x, y, z, w)),
      fc.tuple(i32, i32, i32, i32).map(([a, b, c, d]) => new Rect2i(new Vector2i(a, b), new Vector2i(c, d))),
      v4,
      fc.tuple(v4, v4, v4, v4).map(([x, y, z, w]) => new Projection(x, y, z, w)),
      fc.constant(new Callable()),
      fc.tuple(text, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([n, id]) => new Signal(n, id)),
      wideReal.map((v) => new DoublePrecision(v)),
      fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 3 }).map((a) => BigInt64Array.from(a)),
      fc.array(double, { maxLength: 3 }).map((a) => Float64Array.from(a)),
      fc.array(real, { maxLength: 8 }).map((a) => new PackedVector4Array(Float32Array.from(a.slice(0, a.length & ~3)))),
      fc.array(double, { maxLength: 4 }).map((a) => new PackedVector2Array(Float64Array.from(a.slice(0, a.length & ~1)))),
    );
  }
  const scalar = fc.oneof(...scalars);
  const containerType = fc.oneof(
    fc.integer({ min: 0, max: 38 }).map((t) => builtinType(t as never)),
    text.map((n) => classNameType(n)),
    text.map((p) => scriptType(p)),
  );
  const { tree } = fc.letrec<{ tree: GodotValue; node: GodotValue }>((tie) => {
    const containers: fc.Arbitrary<GodotValue>[] = [
      fc.array(tie("tree"), { maxLength: 4 }),
      fc.array(fc.tuple(tie("tree"), tie("tree")), { maxLength: 3 }).map((entries) => new GodotDictionary(entries)),
    ];
    if (g4) {
      containers.push(
        fc.tuple(containerType, fc.array(tie("tree"), { maxLength: 3 })).map(([t, items]) => new TypedArray(t, items)),
        fc.tuple(fc.option(containerType, { nil: undefined }), fc.option(containerType, { nil: undefined }), fc.array(fc.tuple(tie("tree"), tie("tree")), { maxLength: 2 })).map(
          ([keyType, valueType, entries]) => new GodotDictionary(entries, { keyType, valueType }),
        ),
      );
    }
    if (allowObjects) containers.push(fc.tuple(text.filter((s) => s !== ""), fc.array(fc.tuple(text, tie("tree")), { maxLength: 3 })).map(([c, props]) => new GodotObject(c, props)));
    return {
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("node")),
      node: fc.oneof(...containers),
    };
  });
  return tree;
}

const isTypedError = (error: unknown): boolean => isWsmpError(error) && [4, 6, 18, 30].includes((error as { godotError: number }).godotError);

describe.each([4, 3] as const)("Godot %i: round trips", (version) => {
  for (const allowObjects of [false, true]) {
    it(`decode(encode(v)) is v, and encode(decode(bytes)) is the same bytes${allowObjects ? " (full objects)" : ""}`, () => {
      fc.assert(
        fc.property(values(version, allowObjects), (value) => {
          const options = { version, allowObjects };
          const bytes = encodeVariant(value, options);
          expect(bytes.length % 4).toBe(0);
          const decoded = decodeVariant(bytes, options);
          expect(decoded.length).toBe(bytes.length);
          expect(decoded.value).toEqual(value);
          expect(encodeVariant(decoded.value, options)).toEqual(bytes);
        }),
        { numRuns: 400 },
      );
    });
  }
});

/** Runs `decode` and checks it returns a value or throws the typed error, in bounded time. */
function decodesOrFailsTyped(decode: () => unknown): void {
  const started = Date.now();
  try {
    decode();
  } catch (error) {
    if (!isTypedError(error)) throw error;
  }
  expect(Date.now() - started).toBeLessThan(500);
}

describe("random and mutated bytes give a value or the typed error, nothing else", () => {
  for (const version of [4, 3] as const) {
    it(`decodeVariant, Godot ${version}, random bytes`, () => {
      const header = fc.tuple(fc.integer({ min: 0, max: version === 4 ? 40 : 28 }), fc.constantFrom(0, 1, 2, 3, 5, 15)).map(([t, f]) => [t, 0, f, 0]);
      fc.assert(
        fc.property(header, fc.uint8Array({ maxLength: 64 }), fc.boolean(), (head, tail, allowObjects) => {
          decodesOrFailsTyped(() => decodeVariant(Uint8Array.from([...head, ...tail]), { version, allowObjects }));
        }),
        { numRuns: 3000 },
      );
    });

    it(`decodeVariant, Godot ${version}, valid encodings with bytes changed or cut`, () => {
      const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
      fc.assert(
        fc.property(values(version, true), mutation, fc.nat(), fc.boolean(), (value, changes, cut, allowObjects) => {
          const bytes = encodeVariant(value, { version, allowObjects: true });
          for (const [at, byte] of changes) bytes[at % bytes.length] = byte;
          decodesOrFailsTyped(() => decodeVariant(bytes, { version, allowObjects }));
          decodesOrFailsTyped(() => decodeVariant(bytes.subarray(0, cut % (bytes.length + 1)), { version, allowObjects }));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("decodeCompressedVariant, random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        decodesOrFailsTyped(() => decodeCompressedVariant(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it("compressed round trip: decode(encode(v)) is v", () => {
    fc.assert(
      fc.property(values(4, false), (value) => {
        const bytes = encodeCompressedVariant(value);
        const decoded = decodeCompressedVariant(bytes);
        expect(decoded.length).toBe(bytes.length);
        expect(decoded.value).toEqual(value instanceof GodotInt ? value.value : value);
      }),
      { numRuns: 300 },
    );
  });
});
