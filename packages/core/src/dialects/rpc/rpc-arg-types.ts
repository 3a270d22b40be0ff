/**
 * Argument type names and the checks made with them. A declared type is checked when this side
 * calls (a mismatch throws `RpcError`) and when a peer calls (a mismatch is an `rpc_error`).
 *
 * Conversions, as a typed GDScript parameter accepts them: a `float` takes an INT (and a plain
 * integral number sent as `float` goes out as a FLOAT, as Godot would send it); `String` and
 * `StringName` take each other. Everything else must be of the declared type.
 */
import { GodotFloat, GodotInt } from "../variant/scalars.js";
import type { GodotValue } from "../variant/godot-value.js";
import { StringName } from "../variant/node-path.js";
import { variantKindOf } from "../variant/variant-kind.js";
import { TO_GODOT3, VariantType as T } from "../variant/variant-type.js";
import type { ArgType } from "./rpc-types.js";

/** Godot 4 type id of each name; -1 for `Variant` (anything). */
export const ARG_TYPE_IDS: Readonly<Record<ArgType, number>> = {
  Variant: -1,
  bool: T.BOOL,
  int: T.INT,
  float: T.FLOAT,
  String: T.STRING,
  Vector2: T.VECTOR2,
  Vector2i: T.VECTOR2I,
  Rect2: T.RECT2,
  Rect2i: T.RECT2I,
  Vector3: T.VECTOR3,
  Vector3i: T.VECTOR3I,
  Transform2D: T.TRANSFORM2D,
  Vector4: T.VECTOR4,
  Vector4i: T.VECTOR4I,
  Plane: T.PLANE,
  Quaternion: T.QUATERNION,
  AABB: T.AABB,
  Basis: T.BASIS,
  Transform3D: T.TRANSFORM3D,
  Projection: T.PROJECTION,
  Color: T.COLOR,
  StringName: T.STRING_NAME,
  NodePath: T.NODE_PATH,
  RID: T.RID,
  Object: T.OBJECT,
  Callable: T.CALLABLE,
  Signal: T.SIGNAL,
  Dictionary: T.DICTIONARY,
  Array: T.ARRAY,
  PackedByteArray: T.PACKED_BYTE_ARRAY,
  PackedInt32Array: T.PACKED_INT32_ARRAY,
  PackedInt64Array: T.PACKED_INT64_ARRAY,
  PackedFloat32Array: T.PACKED_FLOAT32_ARRAY,
  PackedFloat64Array: T.PACKED_FLOAT64_ARRAY,
  PackedStringArray: T.PACKED_STRING_ARRAY,
  PackedVector2Array: T.PACKED_VECTOR2_ARRAY,
  PackedVector3Array: T.PACKED_VECTOR3_ARRAY,
  PackedColorArray: T.PACKED_COLOR_ARRAY,
  PackedVector4Array: T.PACKED_VECTOR4_ARRAY,
  Quat: T.QUATERNION,
  Transform: T.TRANSFORM3D,
  PoolByteArray: T.PACKED_BYTE_ARRAY,
  PoolIntArray: T.PACKED_INT32_ARRAY,
  PoolRealArray: T.PACKED_FLOAT32_ARRAY,
  PoolStringArray: T.PACKED_STRING_ARRAY,
  PoolVector2Array: T.PACKED_VECTOR2_ARRAY,
  PoolVector3Array: T.PACKED_VECTOR3_ARRAY,
  PoolColorArray: T.PACKED_COLOR_ARRAY,
};

export function isArgType(name: unknown): name is ArgType {
  return typeof name === "string" && Object.hasOwn(ARG_TYPE_IDS, name);
}

/** True when `type` exists in that Godot version (Godot 3 lacks Vector2i, StringName, ...). */
export function argTypeExists(type: ArgType, version: 3 | 4): boolean {
  const id = ARG_TYPE_IDS[type];
  return id < 0 || version === 4 || TO_GODOT3[id]! >= 0;
}

/** The Godot 4 type id a value encodes as, or -1 when it is not a Godot value. */
export function variantTypeOf(value: GodotValue): number {
  switch (typeof value) {
    case "boolean":
      return T.BOOL;
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? T.INT : T.FLOAT;
    case "bigint":
      return T.INT;
    case "string":
      return T.STRING;
    case "object": {
      if (value === null) return T.NIL;
      if (Array.isArray(value)) return T.ARRAY;
      const kind = variantKindOf(value);
      if (kind !== undefined) return kind;
      if (value instanceof Uint8Array) return T.PACKED_BYTE_ARRAY;
      if (value instanceof Int32Array) return T.PACKED_INT32_ARRAY;
      if (value instanceof BigInt64Array) return T.PACKED_INT64_ARRAY;
      if (value instanceof Float32Array) return T.PACKED_FLOAT32_ARRAY;
      if (value instanceof Float64Array) return T.PACKED_FLOAT64_ARRAY;
      if (value instanceof Map) return T.DICTIONARY;
      const proto = Object.getPrototypeOf(value) as unknown;
      return proto === Object.prototype || proto === null ? T.DICTIONARY : -1;
    }
    default:
      return -1;
  }
}

/**
 * A value this side sends for a declared type: the value to encode, or `undefined` when it does
 * not fit. A `float` is sent as a FLOAT even when integral.
 */
export function outgoingArg(type: ArgType, value: GodotValue): GodotValue | undefined {
  const want = ARG_TYPE_IDS[type];
  if (want < 0) return variantTypeOf(value) < 0 ? undefined : value;
  const have = variantTypeOf(value);
  if (have === want) {
    if (want === T.FLOAT && typeof value === "number" && Number.isInteger(value)) return new GodotFloat(value);
    return value;
  }
  if (want === T.FLOAT && have === T.INT) return new GodotFloat(Number(value instanceof GodotInt ? value.value : (value as number | bigint)));
  return converted(want, have, value);
}

/**
 * A value a peer sent for a declared type, as the handler gets it (`float` as a plain number,
 * `int` without its GodotInt wrapper), or `undefined` when it does not fit.
 */
export function incomingArg(type: ArgType, value: GodotValue): GodotValue | undefined {
  const want = ARG_TYPE_IDS[type];
  if (want < 0) return value;
  const have = variantTypeOf(value);
  if (want === T.FLOAT && (have === T.FLOAT || have === T.INT)) {
    if (value instanceof GodotFloat) return value.value;
    if (value instanceof GodotInt) return Number(value.value);
    return Number(value as number | bigint);
  }
  if (have === want) return value instanceof GodotInt ? value.value : value;
  return converted(want, have, value);
}

function converted(want: number, have: number, value: GodotValue): GodotValue | undefined {
  if (want === T.STRING && have === T.STRING_NAME) return (value as StringName).name;
  if (want === T.STRING_NAME && have === T.STRING) return new StringName(value as string);
  return undefined;
}
