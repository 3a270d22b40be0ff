/**
 * Godot's rectangle, plane, box and matrix types, built from the vector classes. Matrices take
 * their columns, as Godot's constructors do (`Basis(x, y, z)`); the wire order is Godot's own
 * (Basis row by row, Transform2D and Projection column by column).
 */
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";
import { Vector2, Vector2i, Vector3, Vector4 } from "./vectors.js";

export class Rect2 {
  constructor(readonly position: Vector2, readonly size: Vector2) {}
  get [VARIANT_KIND](): number {
    return VariantType.RECT2;
  }
}

export class Rect2i {
  constructor(readonly position: Vector2i, readonly size: Vector2i) {}
  get [VARIANT_KIND](): number {
    return VariantType.RECT2I;
  }
}

/** Columns `x`, `y` and the `origin`. */
export class Transform2D {
  constructor(readonly x: Vector2, readonly y: Vector2, readonly origin: Vector2) {}
  get [VARIANT_KIND](): number {
    return VariantType.TRANSFORM2D;
  }
}

export class Plane {
  constructor(readonly normal: Vector3, readonly d: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.PLANE;
  }
}

export class AABB {
  constructor(readonly position: Vector3, readonly size: Vector3) {}
  get [VARIANT_KIND](): number {
    return VariantType.AABB;
  }
}

/** Columns (axes) `x`, `y`, `z`. The wire holds the rows: x.x, y.x, z.x, x.y, ... */
export class Basis {
  constructor(readonly x: Vector3, readonly y: Vector3, readonly z: Vector3) {}
  get [VARIANT_KIND](): number {
    return VariantType.BASIS;
  }
}

/** Godot 4 `Transform3D`, Godot 3 `Transform`. */
export class Transform3D {
  constructor(readonly basis: Basis, readonly origin: Vector3) {}
  get [VARIANT_KIND](): number {
    return VariantType.TRANSFORM3D;
  }
}

/** Columns `x`, `y`, `z`, `w` (Godot 4 only). */
export class Projection {
  constructor(readonly x: Vector4, readonly y: Vector4, readonly z: Vector4, readonly w: Vector4) {}
  get [VARIANT_KIND](): number {
    return VariantType.PROJECTION;
  }
}

