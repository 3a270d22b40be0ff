/**
 * `decode_variant` for Godot 4 (4.4+ rules: typed arrays and dictionaries, PackedVector4Array)
 * and Godot 3 (spec §7). Every length is checked against the bytes left before anything is read
 * or allocated; the only error thrown is a VariantError carrying Godot's error number.
 */
import { GodotDictionary, TypedArray, type ContainerType } from "./containers.js";
import { readInts, readReals } from "./decode-math.js";
import { Callable, EncodedObjectAsID, GodotObject, RID, Signal } from "./engine-types.js";
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE, type DecodeOptions, type DecodedVariant, type GodotValue } from "./godot-value.js";
import { NodePath, StringName } from "./node-path.js";
import { PackedColorArray, PackedStringArray, PackedVector2Array, PackedVector3Array, PackedVector4Array } from "./packed-arrays.js";
import { GodotFloat, GodotInt } from "./scalars.js";
import { GodotError, VariantError, invalidValue } from "./variant-error.js";
import { checkOptions } from "./variant-options.js";
import { VariantReader } from "./variant-reader.js";
import { FROM_GODOT3, VARIANT_MAX_3, VARIANT_MAX_4, VariantType as T } from "./variant-type.js";
import { HOST_IS_LITTLE_ENDIAN } from "./variant-writer.js";
import { Color } from "./vectors.js";

const FLAG_64 = 1 << 16;

/** Decodes the value at `options.offset` (default 0); `length` is how many bytes it took. */
export function decodeVariant(bytes: Uint8Array, options: DecodeOptions): DecodedVariant {
  const decoder = new VariantDecoder(bytes, options);
  const start = decoder.r.pos;
  const value = decoder.value(0);
  return { value, length: decoder.r.pos - start };
}

export class VariantDecoder {
  readonly r: VariantReader;
  private readonly g3: boolean;
  private readonly allowObjects: boolean;
  private readonly maxDepth: number;

  constructor(bytes: Uint8Array, options: DecodeOptions) {
    checkOptions(options);
    if (!(bytes instanceof Uint8Array)) throw invalidValue("decodeVariant takes a Uint8Array");
    const offset = options.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) throw invalidValue(`offset ${offset} is outside the ${bytes.length} input bytes`);
    this.r = new VariantReader(bytes, offset, options.maxSize ?? DEFAULT_MAX_SIZE);
    this.g3 = options.version === 3;
    this.allowObjects = options.allowObjects === true;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  value(depth: number): GodotValue {
    const r = this.r;
    if (depth > this.maxDepth) throw new VariantError(`Variant is nested deeper than ${this.maxDepth}`, GodotError.ERR_OUT_OF_MEMORY);
    r.need(4, "Variant header");
    const header = r.u32();
    const id = header & 0xff;
    if (id >= (this.g3 ? VARIANT_MAX_3 : VARIANT_MAX_4)) throw r.fail(`unknown Variant type ${id} at offset ${r.pos - 4}`);
    const kind = this.g3 ? FROM_GODOT3[id]! : id;
    const wide = !this.g3 && (header & FLAG_64) !== 0;
    switch (kind) {
      case T.NIL:
        return null;
      case T.BOOL:
        r.need(4, "bool");
        return r.u32() !== 0;
      case T.INT:
        return this.int((header & FLAG_64) !== 0);
      case T.FLOAT:
        return this.float((header & FLAG_64) !== 0);
      case T.STRING:
        return r.string("String");
      case T.VECTOR2I:
      case T.VECTOR3I:
      case T.VECTOR4I:
      case T.RECT2I:
        return readInts(r, kind);
      case T.COLOR:
        r.need(16, "Color");
        return new Color(r.f32(), r.f32(), r.f32(), r.f32());
      case T.STRING_NAME:
        return new StringName(r.string("StringName"));
      case T.NODE_PATH:
        return this.nodePath();
      case T.RID:
        if (this.g3) return new RID();
        r.need(8, "RID");
        return new RID(r.u64());
      case T.OBJECT:
        return this.object(header, depth);
      case T.CALLABLE:
        return new Callable();
      case T.SIGNAL: {
        const name = r.string("Signal name");
        r.need(8, "Signal object id");
        return new Signal(name, r.u64());
      }
      case T.DICTIONARY:
        return this.dictionary(header, depth);
      case T.ARRAY:
        return this.array(header, depth);
      case T.PACKED_BYTE_ARRAY:
        return this.bytes();
      case T.PACKED_INT32_ARRAY:
        return new Int32Array(this.elements(4, "PackedInt32Array"));
      case T.PACKED_INT64_ARRAY:
        return new BigInt64Array(this.elements(8, "PackedInt64Array"));
      case T.PACKED_FLOAT32_ARRAY:
        return new Float32Array(this.elements(4, "PackedFloat32Array"));
      case T.PACKED_FLOAT64_ARRAY:
        return new Float64Array(this.elements(8, "PackedFloat64Array"));
      case T.PACKED_STRING_ARRAY:
        return this.strings();
      case T.PACKED_VECTOR2_ARRAY:
        return new PackedVector2Array(this.realElements(2, wide));
      case T.PACKED_VECTOR3_ARRAY:
        return new PackedVector3Array(this.realElements(3, wide));
      case T.PACKED_VECTOR4_ARRAY:
        return new PackedVector4Array(this.realElements(4, wide));
      case T.PACKED_COLOR_ARRAY:
        return new PackedColorArray(new Float32Array(this.elements(16, "PackedColorArray")));
      default:
        return readReals(r, kind, wide);
    }
  }

  /** A plain number when it would encode back the same way, else a GodotInt (FLAG_64 on a 32-bit value) or a bigint. */
  private int(flag64: boolean): GodotValue {
    const r = this.r;
    if (!flag64) {
      r.need(4, "int");
      return r.i32();
    }
    r.need(8, "int64");
    const v = r.i64();
    if (v >= -0x80000000n && v <= 0x7fffffffn) return new GodotInt(Number(v), true);
    return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
  }

  /** A plain number when it would encode back the same way, else a GodotFloat. */
  private float(flag64: boolean): GodotValue {
    const r = this.r;
    r.need(flag64 ? 8 : 4, "float");
    const v = flag64 ? r.f64() : r.f32();
    if (flag64 && Math.fround(v) === v) return new GodotFloat(v, true);
    return Number.isSafeInteger(v) && !Object.is(v, -0) ? new GodotFloat(v) : v;
  }

  private nodePath(): NodePath {
    const r = this.r;
    r.need(4, "NodePath");
    const first = r.u32();
    if ((first & 0x80000000) === 0) throw r.fail("NodePath in the old format (no 0x80000000 marker)");
    r.need(8, "NodePath");
    const nameCount = first & 0x7fffffff;
    let subnameCount = r.u32();
    const flags = r.u32();
    if (flags & 2) subnameCount++; // Obsolete format: the property was counted apart from the subpath.
    const names: string[] = [];
    const subnames: string[] = [];
    // Each string takes at least 4 bytes, so this loop ends within the input whatever the counts say.
    for (let i = 0; i < nameCount + subnameCount; i++) (i < nameCount ? names : subnames).push(r.string("NodePath name"));
    return new NodePath({ names, subnames, absolute: (flags & 1) !== 0 });
  }

  private object(header: number, depth: number): GodotValue {
    const r = this.r;
    if (header & FLAG_64) {
      r.need(8, "object id");
      const id = r.u64();
      return id === 0n ? null : new EncodedObjectAsID(id);
    }
    if (!this.allowObjects) throw new VariantError("a full object in the data, and allowObjects is off", GodotError.ERR_UNAUTHORIZED);
    const className = r.string("object class");
    if (className === "") return null;
    const count = r.count("object property count");
    const properties = new Map<string, GodotValue>();
    for (let i = 0; i < count; i++) {
      const name = r.string("object property name");
      properties.set(name, this.value(depth + 1));
    }
    return new GodotObject(className, properties);
  }

  /** The element type of a typed container (kind from 2 header bits). */
  private containerType(kind: number): ContainerType | undefined {
    const r = this.r;
    if (kind === 0) return undefined;
    if (kind === 1) {
      r.need(4, "container element type");
      const type = r.u32();
      if (type >= VARIANT_MAX_4) throw r.fail(`typed container of unknown type ${type}`);
      return { kind: "builtin", type: type as T };
    }
    const name = r.string("container element class");
    return kind === 2 ? { kind: "class_name", className: name } : { kind: "script", path: name };
  }

  private array(header: number, depth: number): GodotValue {
    const r = this.r;
    const type = this.g3 ? undefined : this.containerType((header >>> 16) & 3);
    r.need(4, "Array size");
    const count = r.u32() & 0x7fffffff;
    if (count * 4 > r.remaining) throw r.fail(`Array of ${count} elements in ${r.remaining} bytes`);
    const items: GodotValue[] = [];
    for (let i = 0; i < count; i++) items.push(this.value(depth + 1));
    return type === undefined ? items : new TypedArray(type, items);
  }

  private dictionary(header: number, depth: number): GodotDictionary {
    const r = this.r;
    const keyType = this.g3 ? undefined : this.containerType((header >>> 16) & 3);
    const valueType = this.g3 ? undefined : this.containerType((header >>> 18) & 3);
    r.need(4, "Dictionary size");
    const count = r.u32() & 0x7fffffff;
    if (count * 8 > r.remaining) throw r.fail(`Dictionary of ${count} entries in ${r.remaining} bytes`);
    const dict = new GodotDictionary(null, { keyType, valueType });
    for (let i = 0; i < count; i++) {
      const key = this.value(depth + 1);
      dict.set(key, this.value(depth + 1));
    }
    return dict;
  }

  /** PackedByteArray: the bytes (copied), then padding, which Godot skips without checking it is there. */
  private bytes(): Uint8Array {
    const r = this.r;
    const count = r.count("PackedByteArray size");
    if (count > r.remaining) throw r.fail(`PackedByteArray of ${count} bytes in ${r.remaining}`);
    const out = copyBytes(r.bytes, r.pos, count);
    r.pos = Math.min(r.pos + ((count + 3) & ~3), r.end);
    return out;
  }

  /** `count` elements of `size` bytes, as an aligned little-endian buffer for a typed array. */
  private elements(size: number, what: string): ArrayBuffer {
    const r = this.r;
    const count = r.count(`${what} size`);
    if (count * size > r.remaining) throw r.fail(`${what} of ${count} elements in ${r.remaining} bytes`);
    const bytes = copyBytes(r.bytes, r.pos, count * size);
    r.pos += count * size;
    if (!HOST_IS_LITTLE_ENDIAN) swapBytes(bytes, size === 16 ? 4 : size);
    return bytes.buffer;
  }

  private realElements(components: number, wide: boolean): Float32Array | Float64Array {
    const size = wide ? 8 : 4;
    const buffer = this.elements(components * size, "packed vector array");
    return wide ? new Float64Array(buffer) : new Float32Array(buffer);
  }

  private strings(): PackedStringArray {
    const r = this.r;
    const count = r.count("PackedStringArray size");
    if (count * 4 > r.remaining) throw r.fail(`PackedStringArray of ${count} strings in ${r.remaining} bytes`);
    const strings: string[] = [];
    for (let i = 0; i < count; i++) strings.push(r.string("PackedStringArray element"));
    return new PackedStringArray(strings);
  }
}

/**
 * A copy in a fresh, exactly sized ArrayBuffer. Not `slice`: a subclass may share memory there
 * (Node's Buffer#slice returns a view of its pooled ArrayBuffer).
 */
function copyBytes(bytes: Uint8Array, start: number, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(start, start + length));
  return out;
}

/** Big-endian hosts only: reverses each `size`-byte element in place. */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}
