/**
 * A little-endian output buffer that doubles as it fills, never past `maxSize`: a value whose
 * encoding would be longer fails as soon as the limit is crossed, before the rest is built.
 */
import { GodotError, VariantError, utf8Encode } from "./variant-error.js";

/** True on every platform JS runs on today; checked once so typed arrays can be copied as bytes. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class VariantWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private readonly maxSize: number;

  constructor(maxSize: number, initialCapacity = 64) {
    this.maxSize = maxSize;
    this.buf = new Uint8Array(Math.min(initialCapacity, maxSize));
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.buf.length) return;
    if (needed > this.maxSize) {
      throw new VariantError(`encodeVariant: the encoding is longer than maxSize (${this.maxSize} bytes)`, GodotError.ERR_OUT_OF_MEMORY);
    }
    const grown = new Uint8Array(Math.min(Math.max(needed, this.buf.length * 2), this.maxSize));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Raw bytes, then zero padding to a multiple of 4 (the buffer is zeroed when allocated). */
  padded(bytes: Uint8Array): void {
    const total = (bytes.length + 3) & ~3;
    this.ensure(total);
    this.buf.set(bytes, this.pos);
    this.buf.fill(0, this.pos + bytes.length, this.pos + total);
    this.pos += total;
  }

  /** A Variant string: u32 byte length, UTF-8, padding. With `nul`, a NUL byte is appended and counted (PackedStringArray). */
  string(text: string, nul = false): void {
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    const extra = nul ? 1 : 0;
    if (!ascii) {
      const utf8 = utf8Encode(text);
      this.u32(utf8.length + extra);
      const total = (utf8.length + extra + 3) & ~3;
      this.ensure(total);
      this.buf.set(utf8, this.pos);
      this.buf.fill(0, this.pos + utf8.length, this.pos + total);
      this.pos += total;
      return;
    }
    this.u32(text.length + extra);
    const total = (text.length + extra + 3) & ~3;
    this.ensure(total);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
    buf.fill(0, p, this.pos + total);
    this.pos += total;
  }

  /** The bytes written, in a buffer of their exact size. */
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}
