/**
 * Godot 4's compressed variants, the form of RPC arguments (spec §5.7,
 * `MultiplayerAPI::encode_and_compress_variant`): the low 6 bits of the first byte are the type,
 * the top 2 bits a mode. BOOL is that one byte (bit 7 = the value); INT is the byte then the value
 * in 1, 2, 4 or 8 bytes (mode 0-3, the smallest signed size that holds it); every other type is
 * its normal Variant encoding, whose first byte is the type id anyway.
 */
import { VariantDecoder } from "./decode-variant.js";
import { VariantEncoder } from "./encode-variant.js";
import { DEFAULT_MAX_SIZE, type DecodedVariant, type GodotValue, type VariantOptions } from "./godot-value.js";
import { GodotInt } from "./scalars.js";
import { invalidValue } from "./variant-error.js";
import { VARIANT_MAX_4, VariantType as T } from "./variant-type.js";
import { VariantWriter } from "./variant-writer.js";

/** The options of the compressed form, which exists in Godot 4 only. */
export type CompressedVariantOptions = Omit<VariantOptions, "version">;

export interface DecodeCompressedOptions extends CompressedVariantOptions {
  readonly offset?: number | undefined;
}

const MODE_16 = 1 << 6;
const MODE_32 = 2 << 6;
const MODE_64 = 3 << 6;
const BOOL_TRUE = 0x80;

/** Encodes one RPC argument as Godot 4's SceneMultiplayer does. */
export function encodeCompressedVariant(value: GodotValue, options: CompressedVariantOptions = {}): Uint8Array {
  const encoder = new VariantEncoder({ ...options, version: 4 }, new VariantWriter(options.maxSize ?? DEFAULT_MAX_SIZE, 16));
  const out = encoder.out;
  if (typeof value === "boolean") out.u8(T.BOOL | (value ? BOOL_TRUE : 0));
  else if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0))) writeCompressedInt(out, value);
  else if (value instanceof GodotInt) writeCompressedInt(out, value.value);
  else encoder.value(value, 0);
  return out.finish();
}

function writeCompressedInt(out: VariantWriter, v: number | bigint): void {
  if (typeof v === "bigint") {
    if (v >= -0x80000000n && v <= 0x7fffffffn) v = Number(v);
    else {
      if (v < -(2n ** 63n) || v >= 2n ** 63n) throw invalidValue(`${v} is outside Godot's 64-bit INT range`);
      out.u8(T.INT | MODE_64);
      return out.i64(v);
    }
  }
  if (v >= -0x80 && v <= 0x7f) {
    out.u8(T.INT);
    out.u8(v & 0xff);
  } else if (v >= -0x8000 && v <= 0x7fff) {
    out.u8(T.INT | MODE_16);
    out.u16(v & 0xffff);
  } else if (v >= -0x80000000 && v <= 0x7fffffff) {
    out.u8(T.INT | MODE_32);
    out.i32(v);
  } else {
    out.u8(T.INT | MODE_64);
    out.i64(BigInt(v));
  }
}

/** Decodes one compressed RPC argument at `options.offset` (default 0). */
export function decodeCompressedVariant(bytes: Uint8Array, options: DecodeCompressedOptions = {}): DecodedVariant {
  const decoder = new VariantDecoder(bytes, { ...options, version: 4 });
  const r = decoder.r;
  const start = r.pos;
  r.need(1, "compressed Variant");
  const meta = r.bytes[start]!;
  const type = meta & 0x3f;
  if (type >= VARIANT_MAX_4) throw r.fail(`unknown Variant type ${type} at offset ${start}`);
  if (type === T.BOOL) return { value: (meta & BOOL_TRUE) !== 0, length: 1 };
  if (type !== T.INT) {
    const value = decoder.value(0);
    return { value, length: r.pos - start };
  }
  const mode = meta & 0xc0;
  const size = mode === 0 ? 1 : mode === MODE_16 ? 2 : mode === MODE_32 ? 4 : 8;
  r.pos++;
  r.need(size, "compressed int");
  const view = r.view;
  const at = r.pos;
  let value: number | bigint;
  if (size === 1) value = view.getInt8(at);
  else if (size === 2) value = view.getInt16(at, true);
  else if (size === 4) value = view.getInt32(at, true);
  else {
    const big = view.getBigInt64(at, true);
    value = big >= -(2n ** 53n) + 1n && big <= 2n ** 53n - 1n ? Number(big) : big;
  }
  return { value, length: 1 + size };
}
