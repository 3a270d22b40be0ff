/**
 * Godot's Variant binary format (`var_to_bytes` / `bytes_to_var` in Godot 4, `var2bytes` /
 * `bytes2var` in Godot 3) and Godot 4's compressed RPC-argument form. Pure: no I/O, no globals.
 * See docs/variant.md for the value model and the few byte sequences that do not re-encode
 * identically.
 */
export { decodeVariant } from "./decode-variant.js";
export { encodeVariant } from "./encode-variant.js";
export { decodeCompressedVariant, encodeCompressedVariant, type CompressedVariantOptions, type DecodeCompressedOptions } from "./compressed-variant.js";
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE, type DecodeOptions, type DecodedVariant, type GodotValue, type VariantOptions } from "./godot-value.js";
export { VariantType, VariantType3 } from "./variant-type.js";
export { VariantError } from "./variant-error.js";
export { GodotFloat, GodotInt, godotFloat, godotInt } from "./scalars.js";
export { Color, Quaternion, Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";
export { AABB, Basis, Plane, Projection, Rect2, Rect2i, Transform2D, Transform3D } from "./matrices.js";
export { DoublePrecision, type RealMath } from "./double-precision.js";
export { NodePath, StringName, type NodePathParts } from "./node-path.js";
export { Callable, EncodedObjectAsID, GodotObject, RID, Signal } from "./engine-types.js";
export { GodotDictionary, TypedArray, builtinType, classNameType, scriptType, type ContainerType, type DictionaryTypes } from "./containers.js";
export { PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array, PackedVector4Array, type RealData } from "./packed-arrays.js";
