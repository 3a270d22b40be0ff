/** The components of math types, in Godot's wire order (spec §7.3). */
import type { AABB, Basis, Plane, Projection, Rect2, Transform2D, Transform3D } from "./matrices.js";
import { invalidValue } from "./variant-error.js";
import { VariantType as T } from "./variant-type.js";
import type { VariantWriter } from "./variant-writer.js";
import type { Quaternion, Vector2, Vector3, Vector4 } from "./vectors.js";

/** Real-valued math types, components in Godot's wire order. */
export function writeReals(o: VariantWriter, v: object, kind: number, wide: boolean): void {
  switch (kind) {
    case T.VECTOR2:
      return vec2(o, v as Vector2, wide);
    case T.VECTOR3:
      return vec3(o, v as Vector3, wide);
    case T.VECTOR4:
    case T.QUATERNION:
      return vec4(o, v as Vector4 | Quaternion, wide);
    case T.RECT2:
      vec2(o, (v as Rect2).position, wide);
      return vec2(o, (v as Rect2).size, wide);
    case T.PLANE:
      vec3(o, (v as Plane).normal, wide);
      return real(o, (v as Plane).d, wide);
    case T.AABB:
      vec3(o, (v as AABB).position, wide);
      return vec3(o, (v as AABB).size, wide);
    case T.TRANSFORM2D: {
      const t = v as Transform2D;
      vec2(o, t.x, wide);
      vec2(o, t.y, wide);
      return vec2(o, t.origin, wide);
    }
    case T.BASIS:
      return basis(o, v as Basis, wide);
    case T.TRANSFORM3D:
      basis(o, (v as Transform3D).basis, wide);
      return vec3(o, (v as Transform3D).origin, wide);
    case T.PROJECTION: {
      const p = v as Projection;
      vec4(o, p.x, wide);
      vec4(o, p.y, wide);
      vec4(o, p.z, wide);
      return vec4(o, p.w, wide);
    }
    default:
      throw invalidValue(`unknown variant kind ${kind}`);
  }
}

/** Basis rows: the wire holds row i = (x[i], y[i], z[i]) of the columns x, y, z. */
function basis(o: VariantWriter, b: Basis, wide: boolean): void {
  real(o, b.x.x, wide);
  real(o, b.y.x, wide);
  real(o, b.z.x, wide);
  real(o, b.x.y, wide);
  real(o, b.y.y, wide);
  real(o, b.z.y, wide);
  real(o, b.x.z, wide);
  real(o, b.y.z, wide);
  real(o, b.z.z, wide);
}

function vec2(o: VariantWriter, p: Vector2, wide: boolean): void {
  real(o, p.x, wide);
  real(o, p.y, wide);
}

function vec3(o: VariantWriter, p: Vector3, wide: boolean): void {
  real(o, p.x, wide);
  real(o, p.y, wide);
  real(o, p.z, wide);
}

function vec4(o: VariantWriter, p: Vector4 | Quaternion, wide: boolean): void {
  real(o, p.x, wide);
  real(o, p.y, wide);
  real(o, p.z, wide);
  real(o, p.w, wide);
}

function real(o: VariantWriter, v: number, wide: boolean): void {
if (wide) o.f64(v);
else o.f32(v);
}

/** An integer-vector component: int32 only. */
export function writeInt32(o: VariantWriter, n: number): void {
if ((n | 0) !== n) throw invalidValue(`integer vector component ${n} is not an int32`);
o.i32(n);
}
