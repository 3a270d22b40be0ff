/**
 * Packed arrays without a JS typed-array twin. The others are plain typed arrays:
 * Uint8Array = PackedByteArray, Int32Array = PackedInt32Array, BigInt64Array = PackedInt64Array,
 * Float32Array = PackedFloat32Array, Float64Array = PackedFloat64Array (Godot 3: Pool*Array).
 * Vector and color arrays hold their components flat: `[x0, y0, x1, y1, ...]`.
 */
import { invalidValue } from "./variant-error.js";
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";
import { Color, Vector2, Vector3, Vector4 } from "./vectors.js";

/** A PackedStringArray (a plain `string[]` is an Array of Strings). */
export class PackedStringArray {
  constructor(readonly strings: readonly string[] = []) {}
  get [VARIANT_KIND](): number {
    return VariantType.PACKED_STRING_ARRAY;
  }
}

/** Real components: Float32Array as standard engines send them, Float64Array (FLAG_64) from engines built with doubles. */
export type RealData = Float32Array | Float64Array;

function checkComponents(name: string, data: ArrayLike<number>, components: number): void {
  if (data.length % components !== 0) throw invalidValue(`${name} needs a multiple of ${components} components, got ${data.length}`);
}

export class PackedVector2Array {
  constructor(readonly data: RealData = new Float32Array(0)) {
    checkComponents("PackedVector2Array", data, 2);
  }
  static fromVectors(vectors: readonly Vector2[]): PackedVector2Array {
    return new PackedVector2Array(Float32Array.from(vectors.flatMap((v) => [v.x, v.y])));
  }
  get length(): number {
    return this.data.length / 2;
  }
  at(i: number): Vector2 {
    return new Vector2(this.data[i * 2]!, this.data[i * 2 + 1]!);
  }
  get [VARIANT_KIND](): number {
    return VariantType.PACKED_VECTOR2_ARRAY;
  }
}

export class PackedVector3Array {
  constructor(readonly data: RealData = new Float32Array(0)) {
    checkComponents("PackedVector3Array", data, 3);
  }
  static fromVectors(vectors: readonly Vector3[]): PackedVector3Array {
    return new PackedVector3Array(Float32Array.from(vectors.flatMap((v) => [v.x, v.y, v.z])));
  }
  get length(): number {
    return this.data.length / 3;
  }
  at(i: number): Vector3 {
    return new Vector3(this.data[i * 3]!, this.data[i * 3 + 1]!, this.data[i * 3 + 2]!);
  }
  get [VARIANT_KIND](): number {
    return VariantType.PACKED_VECTOR3_ARRAY;
  }
}

/** Godot 4.3+. */
export class PackedVector4Array {
  constructor(readonly data: RealData = new Float32Array(0)) {
    checkComponents("PackedVector4Array", data, 4);
  }
  static fromVectors(vectors: readonly Vector4[]): PackedVector4Array {
    return new PackedVector4Array(Float32Array.from(vectors.flatMap((v) => [v.x, v.y, v.z, v.w])));
  }
  get length(): number {
    return this.data.length / 4;
  }
  at(i: number): Vector4 {
    return new Vector4(this.data[i * 4]!, this.data[i * 4 + 1]!, this.data[i * 4 + 2]!, this.data[i * 4 + 3]!);
  }
  get [VARIANT_KIND](): number {
    return VariantType.PACKED_VECTOR4_ARRAY;
  }
}

/** Colors are always 32-bit floats: r, g, b, a per color. */
export class PackedColorArray {
  constructor(readonly data: Float32Array = new Float32Array(0)) {
    checkComponents("PackedColorArray", data, 4);
  }
  static fromColors(colors: readonly Color[]): PackedColorArray {
    return new PackedColorArray(Float32Array.from(colors.flatMap((c) => [c.r, c.g, c.b, c.a])));
  }
  get length(): number {
    return this.data.length / 4;
  }
  at(i: number): Color {
    return new Color(this.data[i * 4]!, this.data[i * 4 + 1]!, this.data[i * 4 + 2]!, this.data[i * 4 + 3]!);
  }
  get [VARIANT_KIND](): number {
    return VariantType.PACKED_COLOR_ARRAY;
  }
}
