import { invalidValue } from "./variant-error.js";
import { VARIANT_KIND, variantKindOf } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";
import type { AABB, Basis, Plane, Projection, Rect2, Transform2D, Transform3D } from "./matrices.js";
import type { Quaternion, Vector2, Vector3, Vector4 } from "./vectors.js";

/** The math types whose components are `real_t` (32-bit, or 64-bit in engines built with doubles). */
export type RealMath = Vector2 | Vector3 | Vector4 | Rect2 | Transform2D | Plane | Quaternion | AABB | Basis | Transform3D | Projection;

const REAL_KINDS: ReadonlySet<number> = new Set([
  VariantType.VECTOR2, VariantType.VECTOR3, VariantType.VECTOR4, VariantType.RECT2, VariantType.TRANSFORM2D, VariantType.PLANE,
  VariantType.QUATERNION, VariantType.AABB, VariantType.BASIS, VariantType.TRANSFORM3D, VariantType.PROJECTION,
]);

/** True for a Godot 4 type id whose components are `real_t`. */
export function isRealKind(kind: number): boolean {
  return REAL_KINDS.has(kind);
}

/**
 * A math value stored with 64-bit components (FLAG_64), as Godot 4 engines built with
 * `precision=double` write them. Decoded from such bytes; encode it to write them. Godot 4 only.
 */
export class DoublePrecision<T extends RealMath = RealMath> {
  readonly value: T;

  constructor(value: T) {
    const kind = variantKindOf(value);
    if (kind === undefined || !REAL_KINDS.has(kind)) throw invalidValue("DoublePrecision wraps a real-valued math type (Vector2, Basis, ...)");
    this.value = value;
  }

  get [VARIANT_KIND](): number {
    return variantKindOf(this.value)!;
  }
}
