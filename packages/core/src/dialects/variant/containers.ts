/**
 * Godot Arrays and Dictionaries. An untyped Array is a plain JS array; typed ones (Godot 4.2+,
 * `Array[int]`) are a TypedArray that keeps its element type. A Dictionary is a GodotDictionary
 * (a Map: insertion order and non-string keys kept); Godot 4.4+ typed dictionaries keep their key
 * and value types on it.
 */
import type { GodotValue } from "./godot-value.js";
import { VARIANT_KIND } from "./variant-kind.js";
import { VariantType } from "./variant-type.js";

/** The element (or key/value) type of a typed container, as the wire describes it. */
export type ContainerType =
  | { readonly kind: "builtin"; readonly type: VariantType }
  | { readonly kind: "class_name"; readonly className: string }
  | { readonly kind: "script"; readonly path: string };

/** `Array[int]` is `builtinType(VariantType.INT)`. */
export function builtinType(type: VariantType): ContainerType {
  return { kind: "builtin", type };
}

/**
 * `Array[Node]` is `classNameType("Node")`. Note that Godot writes the class name
 * `EncodedObjectAsID` instead unless full objects are allowed (`var_to_bytes_with_objects`).
 */
export function classNameType(className: string): ContainerType {
  return { kind: "class_name", className };
}

/** A typed container whose type is a script class (only sent with full objects). */
export function scriptType(path: string): ContainerType {
  return { kind: "script", path };
}

/** A Godot 4.2+ typed Array. */
export class TypedArray<T extends GodotValue = GodotValue> {
  constructor(readonly elementType: ContainerType, readonly items: readonly T[] = []) {}
  get [VARIANT_KIND](): number {
    return VariantType.ARRAY;
  }
}

export interface DictionaryTypes {
  readonly keyType?: ContainerType | undefined;
  readonly valueType?: ContainerType | undefined;
}

/**
 * A Godot Dictionary: a Map in Godot's (insertion) order. Keys compare as a Map's do: by value
 * for strings, numbers, bigints and booleans, by identity for objects. Encoding also accepts a
 * plain Map and a plain object (string keys). `keyType`/`valueType` make it a Godot 4.4+ typed
 * dictionary (`Dictionary[String, int]`).
 */
export class GodotDictionary extends Map<GodotValue, GodotValue> {
  readonly keyType: ContainerType | undefined;
  readonly valueType: ContainerType | undefined;

  constructor(entries?: Iterable<readonly [GodotValue, GodotValue]> | null, types: DictionaryTypes = {}) {
    super(entries);
    this.keyType = types.keyType;
    this.valueType = types.valueType;
  }

  get [VARIANT_KIND](): number {
    return VariantType.DICTIONARY;
  }
}
