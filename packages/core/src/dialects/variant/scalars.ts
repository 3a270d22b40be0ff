import { invalidValue } from "./variant-error.js";
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * A Godot INT. Plain safe-integer numbers and bigints already encode as INT; this wrapper is for
 * `wide`: an INT that fits in 32 bits but is stored as 64 (FLAG_64). Godot never writes that, so
 * the decoder returns this only for such bytes, to give back the same bytes on re-encoding.
 */
export class GodotInt {
  readonly value: number | bigint;
  readonly wide: boolean;

  constructor(value: number | bigint, wide = false) {
    if (typeof value === "number" ? !Number.isSafeInteger(value) : value < I64_MIN || value > I64_MAX) {
      throw invalidValue(`GodotInt needs a safe integer or a 64-bit bigint, got ${String(value)}`);
    }
    this.value = value;
    this.wide = wide;
  }

  get [VARIANT_KIND](): number {
    return VariantType.INT;
  }
}

/**
 * A Godot FLOAT whose value a plain number cannot carry: an integral value (`2.0`, `-0.0`, which a
 * plain number would encode as INT), or `double`: stored as 64-bit although 32 bits are lossless.
 * The decoder returns a plain number for every other FLOAT.
 */
export class GodotFloat {
  readonly value: number;
  readonly double: boolean;

  constructor(value: number, double = false) {
    if (typeof value !== "number") throw invalidValue(`GodotFloat needs a number, got ${typeof value}`);
    this.value = value;
    this.double = double;
  }

  get [VARIANT_KIND](): number {
    return VariantType.FLOAT;
  }
}

/** An INT (see GodotInt). */
export function godotInt(value: number | bigint, wide = false): GodotInt {
  return new GodotInt(value, wide);
}

/** A FLOAT even when the value is integral (see GodotFloat). */
export function godotFloat(value: number, double = false): GodotFloat {
  return new GodotFloat(value, double);
}

