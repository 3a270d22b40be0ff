/** Math types from the wire: 32-bit reals, or 64-bit ones (FLAG_64, Godot 4 only) in a DoublePrecision. */
import { DoublePrecision, type RealMath } from "./double-precision.js";
import { AABB, Basis, Plane, Projection, Rect2, Rect2i, Transform2D, Transform3D } from "./matrices.js";
import { VariantType as T } from "./variant-type.js";
import type { VariantReader } from "./variant-reader.js";
import { Quaternion, Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";

/** Components of each real-valued kind, for the bounds check before reading. */
const REAL_COUNT: Readonly<Record<number, number>> = {
  [T.VECTOR2]: 2, [T.RECT2]: 4, [T.VECTOR3]: 3, [T.TRANSFORM2D]: 6, [T.VECTOR4]: 4, [T.PLANE]: 4,
  [T.QUATERNION]: 4, [T.AABB]: 6, [T.BASIS]: 9, [T.TRANSFORM3D]: 12, [T.PROJECTION]: 16,
};

/** Reads a real-valued math type (`kind` is one of REAL_COUNT's keys). */
export function readReals(r: VariantReader, kind: number, wide: boolean): RealMath | DoublePrecision {
  r.need(REAL_COUNT[kind]! * (wide ? 8 : 4), "math type");
  const value = readRealsUnchecked(r, kind, wide);
  return wide ? new DoublePrecision(value) : value;
}

function readRealsUnchecked(r: VariantReader, kind: number, wide: boolean): RealMath {
  switch (kind) {
    case T.VECTOR2:
      return vec2(r, wide);
    case T.VECTOR3:
      return vec3(r, wide);
    case T.VECTOR4:
      return vec4(r, wide);
    case T.QUATERNION: {
      const q = vec4(r, wide);
      return new Quaternion(q.x, q.y, q.z, q.w);
    }
    case T.RECT2:
      return new Rect2(vec2(r, wide), vec2(r, wide));
    case T.PLANE:
      return new Plane(vec3(r, wide), real(r, wide));
    case T.AABB:
      return new AABB(vec3(r, wide), vec3(r, wide));
    case T.TRANSFORM2D:
      return new Transform2D(vec2(r, wide), vec2(r, wide), vec2(r, wide));
    case T.BASIS:
      return basis(r, wide);
    case T.TRANSFORM3D:
      return new Transform3D(basis(r, wide), vec3(r, wide));
    default:
      return new Projection(vec4(r, wide), vec4(r, wide), vec4(r, wide), vec4(r, wide));
  }
}

/** The wire holds the rows; Basis keeps the columns. */
function basis(r: VariantReader, wide: boolean): Basis {
  const xx = real(r, wide), yx = real(r, wide), zx = real(r, wide);
  const xy = real(r, wide), yy = real(r, wide), zy = real(r, wide);
  const xz = real(r, wide), yz = real(r, wide), zz = real(r, wide);
  return new Basis(new Vector3(xx, xy, xz), new Vector3(yx, yy, yz), new Vector3(zx, zy, zz));
}

function real(r: VariantReader, wide: boolean): number {
  return wide ? r.f64() : r.f32();
}

function vec2(r: VariantReader, wide: boolean): Vector2 {
  return new Vector2(real(r, wide), real(r, wide));
}

function vec3(r: VariantReader, wide: boolean): Vector3 {
  return new Vector3(real(r, wide), real(r, wide), real(r, wide));
}

function vec4(r: VariantReader, wide: boolean): Vector4 {
  return new Vector4(real(r, wide), real(r, wide), real(r, wide), real(r, wide));
}

/** Integer vectors and Rect2i: int32 components. */
export function readInts(r: VariantReader, kind: number): Vector2i | Vector3i | Vector4i | Rect2i {
  switch (kind) {
    case T.VECTOR2I:
      r.need(8, "Vector2i");
      return new Vector2i(r.i32(), r.i32());
    case T.VECTOR3I:
      r.need(12, "Vector3i");
      return new Vector3i(r.i32(), r.i32(), r.i32());
    case T.VECTOR4I:
      r.need(16, "Vector4i");
      return new Vector4i(r.i32(), r.i32(), r.i32(), r.i32());
    default:
      r.need(16, "Rect2i");
      return new Rect2i(new Vector2i(r.i32(), r.i32()), new Vector2i(r.i32(), r.i32()));
  }
}
