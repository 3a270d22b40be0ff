/**
 * Godot 4's compressed variants, the form of RPC arguments (spec §5.7,
 * `MultiplayerAPI::encode_and_compress_variant`): the low 6 bits of the first byte are the type,
 * the top 2 bits a mode. BOOL is that one byte (bit 7 = the value); INT is the byte then the value
 * in 1, 2, 4 or 8 bytes (mode 0-3, the smallest signed size that holds it); every other type is
 * its normal Variant encoding, whose first byte is the type id anyway.
 */
import { VariantDecoder } from "./decode-variant.js";
import { encodeVariant } from "./encode-variant.js";
import type { DecodedVariant, GodotValue, VariantOptions } from "./godot-value.js";
import { GodotInt } from "./scalars.js";
import { GodotError, VariantError, invalidValue } from "./variant-error.js";
import { checkOptions } from "./variant-options.js";
import { VARIANT_MAX_4, VariantType as T } from "./variant-type.js";

/** The options of the compressed form, which exists in Godot 4 only. */
export type CompressedVariantOptions = Omit<VariantOptions, "version">;

export interface DecodeCompressedOptions extends CompressedVariantOptions {
  readonly offset?: number | undefined;
}

const MODE_16 = 1 << 6;
const MODE_32 = 2 << 6;
const MODE_64 = 3 << 6;
const BOOL_TRUE = 0x80;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Encodes one RPC argument as Godot 4's SceneMultiplayer does. */
export function encodeCompressedVariant(value: GodotValue, options: CompressedVariantOptions = {}): Uint8Array {
  if (typeof value === "boolean") return Uint8Array.of(T.BOOL | (value ? BOOL_TRUE : 0));
  if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0))) return compressedInt(value);
  if (value instanceof GodotInt) return compressedInt(value.value);
  return encodeVariant(value, { ...options, version: 4 });
}

function compressedInt(v: number | bigint): Uint8Array {
  if (typeof v === "bigint") {
    if (v < I64_MIN || v > I64_MAX) throw invalidValue(`${v} is outside Godot's 64-bit INT range`);
    if (v < -0x80000000n || v > 0x7fffffffn) {
      const out = new Uint8Array(9);
      out[0] = T.INT | MODE_64;
      new DataView(out.buffer).setBigInt64(1, v, true);
      return out;
    }
    v = Number(v);
  }
  if (v >= -0x80 && v <= 0x7f) return Uint8Array.of(T.INT, v & 0xff);
  if (v >= -0x8000 && v <= 0x7fff) return Uint8Array.of(T.INT | MODE_16, v & 0xff, (v >> 8) & 0xff);
  if (v >= -0x80000000 && v <= 0x7fffffff) return Uint8Array.of(T.INT | MODE_32, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  return compressedInt(BigInt(v));
}

/** Decodes one compressed RPC argument at `options.offset` (default 0). */
export function decodeCompressedVariant(bytes: Uint8Array, options: DecodeCompressedOptions = {}): DecodedVariant {
  const offset = options.offset ?? 0;
  if (!(bytes instanceof Uint8Array)) throw invalidValue("decodeCompressedVariant takes a Uint8Array");
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) throw invalidValue(`offset ${offset} is outside the ${bytes.length} input bytes`);
  const meta = bytes[offset];
  if (meta === undefined) throw new VariantError(`compressed Variant needs 1 byte at offset ${offset}, 0 left`);
  const type = meta & 0x3f;
  if (type >= VARIANT_MAX_4) throw new VariantError(`unknown Variant type ${type} at offset ${offset}`);
  if (type === T.BOOL) {
    checkOptions({ ...options, version: 4 });
    return { value: (meta & BOOL_TRUE) !== 0, length: 1 };
  }
  if (type !== T.INT) {
    const decoder = new VariantDecoder(bytes, { ...options, version: 4 });
    const value = decoder.value(0);
    return { value, length: decoder.r.pos - offset };
  }
  checkOptions({ ...options, version: 4 });
  const mode = meta & 0xc0;
  const size = mode === 0 ? 1 : mode === MODE_16 ? 2 : mode === MODE_32 ? 4 : 8;
  const at = offset + 1;
  if (bytes.length - at < size) throw new VariantError(`compressed int needs ${size} bytes at offset ${at}, ${bytes.length - at} left`, GodotError.ERR_INVALID_DATA);
  let value: number | bigint;
  if (size === 1) value = (bytes[at]! << 24) >> 24;
  else if (size === 2) value = ((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16;
  else if (size === 4) value = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
  else {
    const big = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getBigInt64(0, true);
    value = big >= -(2n ** 53n) + 1n && big <= 2n ** 53n - 1n ? Number(big) : big;
  }
  return { value, length: 1 + size };
}
