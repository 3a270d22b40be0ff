/**
 * Godot's vector, quaternion and color types. Real components are plain numbers; the wire holds
 * them as 32-bit floats (64-bit inside a DoublePrecision, from engines built with doubles).
 * Integer vectors hold int32 components.
 */
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";

export class Vector2 {
  constructor(readonly x: number, readonly y: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR2;
  }
}

export class Vector2i {
  constructor(readonly x: number, readonly y: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR2I;
  }
}

export class Vector3 {
  constructor(readonly x: number, readonly y: number, readonly z: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR3;
  }
}

export class Vector3i {
  constructor(readonly x: number, readonly y: number, readonly z: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR3I;
  }
}

export class Vector4 {
  constructor(readonly x: number, readonly y: number, readonly z: number, readonly w: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR4;
  }
}

export class Vector4i {
  constructor(readonly x: number, readonly y: number, readonly z: number, readonly w: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.VECTOR4I;
  }
}

/** Godot 4 `Quaternion`, Godot 3 `Quat`. */
export class Quaternion {
  constructor(readonly x: number, readonly y: number, readonly z: number, readonly w: number) {}
  get [VARIANT_KIND](): number {
    return VariantType.QUATERNION;
  }
}

/** Always four 32-bit floats on the wire, in both versions and every build. */
export class Color {
  constructor(readonly r: number, readonly g: number, readonly b: number, readonly a = 1) {}
  get [VARIANT_KIND](): number {
    return VariantType.COLOR;
  }
}
