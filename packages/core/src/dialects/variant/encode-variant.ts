/**
 * `encode_variant` for Godot 4 and Godot 3 (spec §7). Godot 4's type ids are used throughout
 * and mapped to Godot 3's when the header is written; a type Godot 3 lacks is refused.
 */
import type { ContainerType,GodotDictionary,TypedArray } from "./containers.js";
import { DoublePrecision } from "./double-precision.js";
import { GodotObject,type EncodedObjectAsID,type RID,type Signal } from "./engine-types.js";
import { DEFAULT_MAX_DEPTH,DEFAULT_MAX_SIZE,type GodotValue,type VariantOptions } from "./godot-value.js";
import type { Rect2i } from "./matrices.js";
import type { NodePath,StringName } from "./node-path.js";
import type { PackedColorArray,PackedStringArray,PackedVector2Array,PackedVector3Array,PackedVector4Array } from "./packed-arrays.js";
import type { GodotFloat,GodotInt } from "./scalars.js";
import { GodotError,VariantError,invalidValue } from "./variant-error.js";
import { variantKindOf } from "./variant-kind.js";
import { writeInt32,writeReals } from "./encode-math.js";
import { checkOptions } from "./variant-options.js";
import { TO_GODOT3,VARIANT_MAX_4,VARIANT_TYPE_NAMES,VariantType as T } from "./variant-type.js";
import { HOST_IS_LITTLE_ENDIAN,VariantWriter } from "./variant-writer.js";
import type { Color,Vector2i,Vector3i,Vector4i } from "./vectors.js";

const FLAG_64 = 1 << 16;
const FLAG_OBJECT_AS_ID = 1 << 16;
const U64_MAX = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Encodes one value as Godot's `var_to_bytes` (4) / `var2bytes` (3) would. */
export function encodeVariant(value: GodotValue, options: VariantOptions): Uint8Array {
  checkOptions(options);
  const out = VariantWriter.borrow(options.maxSize ?? DEFAULT_MAX_SIZE);
  try {
    new VariantEncoder(options, out).value(value, 0);
    return out.finish();
  } finally {
    out.release();
  }
}

export class VariantEncoder {
  readonly out: VariantWriter;
  private readonly g3: boolean;
  private readonly allowObjects: boolean;
  private readonly maxDepth: number;

  /** `options` must have passed checkOptions. */
  constructor(options: VariantOptions, out: VariantWriter) {
    this.g3 = options.version === 3;
    this.allowObjects = options.allowObjects === true;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.out = out;
  }

  /** Writes the header of a Godot 4 type id, mapped for Godot 3. */
  header(kind: number, flags = 0): void {
    const id = this.g3 ? TO_GODOT3[kind]! : kind;
    if (id < 0) throw invalidValue(`${VARIANT_TYPE_NAMES[kind]} does not exist in Godot 3`);
    this.out.u32(id | flags);
  }

  value(v: GodotValue, depth: number): void {
    if (depth > this.maxDepth) throw new VariantError(`encodeVariant: nested deeper than maxDepth (${this.maxDepth})`, GodotError.ERR_OUT_OF_MEMORY);
    switch (typeof v) {
      case "boolean":
        this.header(T.BOOL);
        this.out.u32(v ? 1 : 0);
        return;
      case "number":
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) this.int(v, false);
        else this.float(v, false);
        return;
      case "bigint":
        this.int(v, false);
        return;
      case "string":
        this.header(T.STRING);
        this.out.string(v);
        return;
      case "object":
        if (v === null) this.header(T.NIL);
        else this.object(v, depth);
        return;
      default:
        throw invalidValue(`a ${typeof v} is not a Godot value`);
    }
  }

  /** INT: 32-bit when it fits (unless `wide`), else FLAG_64 and 64-bit. `v` is a safe integer or a bigint. */
  int(v: number | bigint, wide: boolean): void {
    let small: boolean;
    if (typeof v === "number") small = v >= -0x80000000 && v <= 0x7fffffff;
    else {
      if (v < I64_MIN || v > I64_MAX) throw invalidValue(`${v} is outside Godot's 64-bit INT range`);
      small = v >= -0x80000000n && v <= 0x7fffffffn;
    }
    if (small && !wide) {
      this.header(T.INT);
      this.out.i32(Number(v));
    } else {
      this.header(T.INT, FLAG_64);
      this.out.i64(BigInt(v));
    }
  }

  float(v: number, double: boolean): void {
    const wide = double || Math.fround(v) !== v;
    this.header(T.FLOAT, wide ? FLAG_64 : 0);
    if (wide) this.out.f64(v);
    else this.out.f32(v);
  }

  private object(v: object, depth: number): void {
    if (Array.isArray(v)) return this.array(v as readonly GodotValue[], undefined, depth);
    const kind = variantKindOf(v);
    if (kind === undefined) return this.untagged(v, depth);
    const o = this.out;
    if (v instanceof DoublePrecision) {
      if (this.g3) throw invalidValue("Godot 3 has no double-precision math types");
      this.header(kind, FLAG_64);
      return writeReals(o, v.value, kind, true);
    }
    switch (kind) {
      case T.INT: {
        const n = v as GodotInt;
        return this.int(n.value, n.wide);
      }
      case T.FLOAT: {
        const f = v as GodotFloat;
        return this.float(f.value, f.double);
      }
      case T.VECTOR2I: {
        const p = v as Vector2i;
        this.header(kind);
        writeInt32(o, p.x);
        return writeInt32(o, p.y);
      }
      case T.VECTOR3I: {
        const p = v as Vector3i;
        this.header(kind);
        writeInt32(o, p.x);
        writeInt32(o, p.y);
        return writeInt32(o, p.z);
      }
      case T.VECTOR4I: {
        const p = v as Vector4i;
        this.header(kind);
        writeInt32(o, p.x);
        writeInt32(o, p.y);
        writeInt32(o, p.z);
        return writeInt32(o, p.w);
      }
      case T.RECT2I: {
        const r = v as Rect2i;
        this.header(kind);
        writeInt32(o, r.position.x);
        writeInt32(o, r.position.y);
        writeInt32(o, r.size.x);
        return writeInt32(o, r.size.y);
      }
      case T.COLOR: {
        const c = v as Color;
        this.header(kind);
        o.f32(c.r);
        o.f32(c.g);
        o.f32(c.b);
        o.f32(c.a);
        return;
      }
      case T.STRING_NAME:
        this.header(kind);
        return o.string((v as StringName).name);
      case T.NODE_PATH:
        return this.nodePath(v as NodePath);
      case T.RID:
        this.header(kind);
        if (!this.g3) o.u64(u64((v as RID).id, "RID id"));
        return;
      case T.OBJECT:
        return this.godotObject(v as EncodedObjectAsID | GodotObject, depth);
      case T.CALLABLE:
        return this.header(kind);
      case T.SIGNAL: {
        const s = v as Signal;
        this.header(kind);
        o.string(s.name);
        return o.u64(u64(s.objectId, "Signal object id"));
      }
      case T.DICTIONARY: {
        const d = v as GodotDictionary;
        return this.dictionary(d, d.keyType, d.valueType, depth);
      }
      case T.ARRAY: {
        const a = v as TypedArray;
        return this.array(a.items, a.elementType, depth);
      }
      case T.PACKED_STRING_ARRAY: {
        const strings = (v as PackedStringArray).strings;
        this.header(kind);
        o.u32(strings.length);
        for (let i = 0; i < strings.length; i++) o.string(strings[i]!, true);
        return;
      }
      case T.PACKED_VECTOR2_ARRAY:
      case T.PACKED_VECTOR3_ARRAY:
      case T.PACKED_VECTOR4_ARRAY: {
        const data = (v as PackedVector2Array | PackedVector3Array | PackedVector4Array).data;
        const wide = data instanceof Float64Array;
        if (wide && this.g3) throw invalidValue("Godot 3 has no double-precision vector arrays (use a Float32Array)");
        this.header(kind, wide ? FLAG_64 : 0);
        o.u32(data.length / (kind === T.PACKED_VECTOR2_ARRAY ? 2 : kind === T.PACKED_VECTOR3_ARRAY ? 3 : 4));
        return this.typedData(data);
      }
      case T.PACKED_COLOR_ARRAY: {
        const data = (v as PackedColorArray).data;
        this.header(kind);
        o.u32(data.length / 4);
        return this.typedData(data);
      }
      default:
        this.header(kind);
        return writeReals(this.out, v, kind, false);
    }
  }

  private nodePath(p: NodePath): void {
    const o = this.out;
    this.header(T.NODE_PATH);
    o.u32((p.names.length | 0x80000000) >>> 0);
    o.u32(p.subnames.length);
    o.u32(p.absolute ? 1 : 0);
    for (const name of p.names) o.string(name);
    for (const name of p.subnames) o.string(name);
  }

  private godotObject(v: EncodedObjectAsID | GodotObject, depth: number): void {
    const o = this.out;
    if (!(v instanceof GodotObject)) {
      this.header(T.OBJECT, FLAG_OBJECT_AS_ID);
      return o.u64(u64(v.id, "object id"));
    }
    if (!this.allowObjects) throw invalidValue("a full object (GodotObject) needs allowObjects");
    this.header(T.OBJECT);
    o.string(v.className);
    o.u32(v.properties.size);
    for (const [name, value] of v.properties) {
      o.string(name);
      this.value(value, depth + 1);
    }
  }

  private containerType(type: ContainerType | undefined, shift: number): number {
    if (type === undefined) return 0;
    if (this.g3) throw invalidValue("Godot 3 has no typed arrays or dictionaries");
    return (type.kind === "builtin" ? 1 : type.kind === "class_name" ? 2 : 3) << shift;
  }

  private containerTypeInfo(type: ContainerType | undefined): void {
    if (type === undefined) return;
    if (type.kind === "builtin") {
      if (!Number.isInteger(type.type) || type.type < 0 || type.type >= VARIANT_MAX_4) throw invalidValue(`container element type ${type.type} is not a Variant type`);
      this.out.u32(type.type);
    } else this.out.string(type.kind === "class_name" ? type.className : type.path);
  }

  private array(items: readonly GodotValue[], type: ContainerType | undefined, depth: number): void {
    this.header(T.ARRAY, this.containerType(type, 16));
    this.containerTypeInfo(type);
    this.out.u32(items.length);
    for (let i = 0; i < items.length; i++) this.value(items[i]!, depth + 1);
  }

  private dictionary(d: ReadonlyMap<GodotValue, GodotValue>, keyType: ContainerType | undefined, valueType: ContainerType | undefined, depth: number): void {
    this.header(T.DICTIONARY, this.containerType(keyType, 16) | this.containerType(valueType, 18));
    this.containerTypeInfo(keyType);
    this.containerTypeInfo(valueType);
    this.out.u32(d.size);
    for (const [key, value] of d) {
      this.value(key, depth + 1);
      this.value(value, depth + 1);
    }
  }

  /** JS typed arrays, Maps and plain objects. */
  private untagged(v: object, depth: number): void {
    const o = this.out;
    if (v instanceof Uint8Array) {
      this.header(T.PACKED_BYTE_ARRAY);
      o.u32(v.length);
      return o.padded(v);
    }
    if (v instanceof Int32Array || v instanceof BigInt64Array || v instanceof Float32Array || v instanceof Float64Array) {
      const kind = v instanceof Int32Array ? T.PACKED_INT32_ARRAY : v instanceof BigInt64Array ? T.PACKED_INT64_ARRAY : v instanceof Float32Array ? T.PACKED_FLOAT32_ARRAY : T.PACKED_FLOAT64_ARRAY;
      this.header(kind);
      o.u32(v.length);
      return this.typedData(v);
    }
    if (v instanceof Map) return this.dictionary(v as ReadonlyMap<GodotValue, GodotValue>, undefined, undefined, depth);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      const entries = Object.entries(v as Record<string, GodotValue>);
      return this.dictionary(new Map<GodotValue, GodotValue>(entries), undefined, undefined, depth);
    }
    throw invalidValue(`${(v as { constructor?: { name?: string } }).constructor?.name ?? "this object"} is not a Godot value`);
  }

  /** The elements of a typed array, little-endian: copied as bytes when large, else one by one (no view to allocate). */
  private typedData(v: Int32Array | BigInt64Array | Float32Array | Float64Array): void {
    const o = this.out;
    const n = v.length;
    if (HOST_IS_LITTLE_ENDIAN && n > 16) {
      o.ensure(v.byteLength);
      o.buf.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), o.pos);
      o.pos += v.byteLength;
    } else if (v instanceof Int32Array) for (let i = 0; i < n; i++) o.i32(v[i]!);
    else if (v instanceof Float32Array) for (let i = 0; i < n; i++) o.f32(v[i]!);
    else if (v instanceof Float64Array) for (let i = 0; i < n; i++) o.f64(v[i]!);
    else for (let i = 0; i < n; i++) o.i64(v[i]!);
  }
}

function u64(v: bigint, what: string): bigint {
  if (typeof v !== "bigint" || v < 0n || v > U64_MAX) throw invalidValue(`${what} must be a bigint in [0, 2^64), got ${String(v)}`);
  return v;
}
