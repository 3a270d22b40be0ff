/**
 * Variant type ids. The codec works with Godot 4's ids internally and maps them to and from
 * Godot 3's on the wire (spec §7.2).
 */

/** Godot 4's `Variant::Type` (4.3+: `VARIANT_MAX` is 39 with `PACKED_VECTOR4_ARRAY`). */
export const VariantType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  FLOAT: 3,
  STRING: 4,
  VECTOR2: 5,
  VECTOR2I: 6,
  RECT2: 7,
  RECT2I: 8,
  VECTOR3: 9,
  VECTOR3I: 10,
  TRANSFORM2D: 11,
  VECTOR4: 12,
  VECTOR4I: 13,
  PLANE: 14,
  QUATERNION: 15,
  AABB: 16,
  BASIS: 17,
  TRANSFORM3D: 18,
  PROJECTION: 19,
  COLOR: 20,
  STRING_NAME: 21,
  NODE_PATH: 22,
  RID: 23,
  OBJECT: 24,
  CALLABLE: 25,
  SIGNAL: 26,
  DICTIONARY: 27,
  ARRAY: 28,
  PACKED_BYTE_ARRAY: 29,
  PACKED_INT32_ARRAY: 30,
  PACKED_INT64_ARRAY: 31,
  PACKED_FLOAT32_ARRAY: 32,
  PACKED_FLOAT64_ARRAY: 33,
  PACKED_STRING_ARRAY: 34,
  PACKED_VECTOR2_ARRAY: 35,
  PACKED_VECTOR3_ARRAY: 36,
  PACKED_COLOR_ARRAY: 37,
  PACKED_VECTOR4_ARRAY: 38,
} as const;
export type VariantType = (typeof VariantType)[keyof typeof VariantType];

/** Godot 3's `Variant::Type` (`VARIANT_MAX` is 27). */
export const VariantType3 = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  REAL: 3,
  STRING: 4,
  VECTOR2: 5,
  RECT2: 6,
  VECTOR3: 7,
  TRANSFORM2D: 8,
  PLANE: 9,
  QUAT: 10,
  AABB: 11,
  BASIS: 12,
  TRANSFORM: 13,
  COLOR: 14,
  NODE_PATH: 15,
  RID: 16,
  OBJECT: 17,
  DICTIONARY: 18,
  ARRAY: 19,
  POOL_BYTE_ARRAY: 20,
  POOL_INT_ARRAY: 21,
  POOL_REAL_ARRAY: 22,
  POOL_STRING_ARRAY: 23,
  POOL_VECTOR2_ARRAY: 24,
  POOL_VECTOR3_ARRAY: 25,
  POOL_COLOR_ARRAY: 26,
} as const;
export type VariantType3 = (typeof VariantType3)[keyof typeof VariantType3];

export const VARIANT_MAX_4 = 39;
export const VARIANT_MAX_3 = 27;

const T = VariantType;

/** Godot 3 id -> the Godot 4 id of the same type. */
export const FROM_GODOT3: readonly VariantType[] = [
  T.NIL, T.BOOL, T.INT, T.FLOAT, T.STRING, T.VECTOR2, T.RECT2, T.VECTOR3, T.TRANSFORM2D, T.PLANE,
  T.QUATERNION, T.AABB, T.BASIS, T.TRANSFORM3D, T.COLOR, T.NODE_PATH, T.RID, T.OBJECT, T.DICTIONARY,
  T.ARRAY, T.PACKED_BYTE_ARRAY, T.PACKED_INT32_ARRAY, T.PACKED_FLOAT32_ARRAY, T.PACKED_STRING_ARRAY,
  T.PACKED_VECTOR2_ARRAY, T.PACKED_VECTOR3_ARRAY, T.PACKED_COLOR_ARRAY,
];

/** Godot 4 id -> Godot 3 id, or -1 for a type Godot 3 does not have. */
export const TO_GODOT3: readonly number[] = (() => {
  const out: number[] = new Array<number>(VARIANT_MAX_4).fill(-1);
  FROM_GODOT3.forEach((id4, id3) => (out[id4] = id3));
  return out;
})();

/** Godot 4 type names by id, for error messages. */
export const VARIANT_TYPE_NAMES: readonly string[] = Object.keys(VariantType);
