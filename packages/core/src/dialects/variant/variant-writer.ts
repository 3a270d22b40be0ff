/**
 * A little-endian output buffer that doubles as it fills, never past `maxSize`: a value whose
 * encoding would be longer fails as soon as the limit is crossed, before the rest is built.
 */
import { GodotError, VariantError, utf8Encode } from "./variant-error.js";

/** True on every platform JS runs on today; checked once so typed arrays can be copied as bytes. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One buffer reused by consecutive encodings (encoding is synchronous), so a small value costs one
 * allocation: its result. A nested encoding (a Map subclass calling back into the codec) gets a
 * fresh buffer instead; a buffer grown past SCRATCH_KEEP is not kept.
 */
let scratch: Uint8Array | undefined;
let scratchView: DataView | undefined;
let scratchBusy = false;
const SCRATCH_KEEP = 64 * 1024;

export class VariantWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private readonly maxSize: number;
  /** Bytes writable without growing: the buffer's length, or less when maxSize is smaller. */
  private capacity: number;
  private borrowed = false;

  constructor(maxSize: number, initialCapacity = 64, buffer?: { buf: Uint8Array; view: DataView }) {
    this.maxSize = maxSize;
    this.buf = buffer?.buf ?? new Uint8Array(Math.min(initialCapacity, maxSize));
    this.view = buffer?.view ?? new DataView(this.buf.buffer);
    this.capacity = Math.min(this.buf.length, maxSize);
  }

  /** A writer over the shared scratch buffer when it is free; `release()` it when done. */
  static borrow(maxSize: number): VariantWriter {
    if (scratchBusy) return new VariantWriter(maxSize, 256);
    scratchBusy = true;
    if (scratch === undefined || scratchView === undefined) {
      scratch = new Uint8Array(1024);
      scratchView = new DataView(scratch.buffer);
    }
    const writer = new VariantWriter(maxSize, 0, { buf: scratch, view: scratchView });
    writer.borrowed = true;
    return writer;
  }

  /** Gives the scratch buffer back (kept if it did not grow too large). */
  release(): void {
    if (!this.borrowed) return;
    this.borrowed = false;
    if (this.buf.length <= SCRATCH_KEEP) {
      scratch = this.buf;
      scratchView = this.view;
    }
    scratchBusy = false;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.capacity) return;
    if (needed > this.maxSize) {
      throw new VariantError(`encodeVariant: the encoding is longer than maxSize (${this.maxSize} bytes)`, GodotError.ERR_OUT_OF_MEMORY);
    }
    const grown = new Uint8Array(Math.min(Math.max(needed, this.buf.length * 2), this.maxSize));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
    this.capacity = grown.length;
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

  /** Raw bytes, then zero padding to a multiple of 4. (Padding is always written: the buffer is reused.) */
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

  /** The bytes written, in a buffer of their own, of their exact size. */
  finish(): Uint8Array {
    return !this.borrowed && this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}
