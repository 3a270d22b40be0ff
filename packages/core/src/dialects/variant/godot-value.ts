/** The TypeScript side of a Godot Variant, and the codec's options. */
import type { ContainerType, GodotDictionary, TypedArray } from "./containers.js";
import type { DoublePrecision } from "./double-precision.js";
import type { Callable, EncodedObjectAsID, GodotObject, RID, Signal } from "./engine-types.js";
import type { AABB, Basis, Plane, Projection, Rect2, Rect2i, Transform2D, Transform3D } from "./matrices.js";
import type { NodePath, StringName } from "./node-path.js";
import type { PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array, PackedVector4Array } from "./packed-arrays.js";
import type { GodotFloat, GodotInt } from "./scalars.js";
import type { Color, Quaternion, Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";

/**
 * Any value the codec encodes or decodes.
 *
 * Numbers: a safe integer is an INT, any other number (fractions, -0, NaN, infinities, integers
 * past 2^53) a FLOAT; `bigint` is an INT (64-bit range); GodotInt/GodotFloat force the other choice.
 * Decoding gives an INT as a number, or a bigint outside the safe range; a FLOAT as a number, or a
 * GodotFloat when a plain number would not encode back to the same bytes (integral values).
 */
export type GodotValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | GodotInt
  | GodotFloat
  | StringName
  | NodePath
  | Vector2
  | Vector2i
  | Vector3
  | Vector3i
  | Vector4
  | Vector4i
  | Quaternion
  | Color
  | Rect2
  | Rect2i
  | Transform2D
  | Plane
  | AABB
  | Basis
  | Transform3D
  | Projection
  | DoublePrecision
  | RID
  | Callable
  | Signal
  | EncodedObjectAsID
  | GodotObject
  | readonly GodotValue[]
  | TypedArray
  | GodotDictionary
  | ReadonlyMap<GodotValue, GodotValue>
  | { readonly [key: string]: GodotValue }
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | PackedStringArray
  | PackedVector2Array
  | PackedVector3Array
  | PackedVector4Array
  | PackedColorArray;

export type { ContainerType };

/** Which wire format, and the limits. */
export interface VariantOptions {
  /** 4: Godot 4.0-4.4+ (`var_to_bytes`); 3: Godot 3.x (`var2bytes`). */
  readonly version: 3 | 4;
  /**
   * Full objects (`GodotObject`) may be encoded and decoded, as `var_to_bytes_with_objects` /
   * `allow_object_decoding`. Off by default: a full object in the input is refused with 4
   * `ERR_UNAUTHORIZED`, as Godot does. Objects sent as ids are always accepted.
   */
  readonly allowObjects?: boolean | undefined;
  /** Deepest nesting accepted (Godot's `MAX_RECURSION_DEPTH`, 1024): the top value is depth 0. */
  readonly maxDepth?: number | undefined;
  /** Longest encoding accepted, in bytes (Godot's `encode_buffer_max_size`, 8 MiB). */
  readonly maxSize?: number | undefined;
}

export interface DecodeOptions extends VariantOptions {
  /** Where the value starts in the input (default 0). */
  readonly offset?: number | undefined;
}

export interface DecodedVariant {
  readonly value: GodotValue;
  /** Bytes the value took, from the offset. */
  readonly length: number;
}

export const DEFAULT_MAX_DEPTH = 1024;
export const DEFAULT_MAX_SIZE = 8 * 1024 * 1024;
