/**
 * Bounds-checked little-endian reads over one DataView. Every read is preceded by `need`, which
 * fails with Godot's error before anything is read or allocated.
 */
import { GodotError, utf8DecodeStrict, VariantError } from "./variant-error.js";

export class VariantReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
  /** Where reading stops: the end of the input, or `offset + maxSize`. */
  readonly end: number;
  /** True when `end` is the maxSize limit rather than the end of the input. */
  private readonly limited: boolean;

  constructor(bytes: Uint8Array, offset: number, maxSize: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
    this.limited = bytes.length - offset > maxSize;
    this.end = this.limited ? offset + maxSize : bytes.length;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Fails unless `n` more bytes are there (Godot's `ERR_FAIL_COND_V(len < n, ...)`). */
  need(n: number, what: string, err: GodotError = GodotError.ERR_INVALID_DATA): void {
    if (n > this.end - this.pos) throw this.fail(`${what} needs ${n} bytes at offset ${this.pos}, ${this.end - this.pos} left`, err);
  }

  fail(message: string, err: GodotError = GodotError.ERR_INVALID_DATA): VariantError {
    if (this.limited) return new VariantError(`${message} (the value is longer than maxSize)`, GodotError.ERR_OUT_OF_MEMORY);
    return new VariantError(message, err);
  }

  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i64(): bigint {
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u64(): bigint {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f32(): number {
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A count as Godot reads it: int32, refused when negative. */
  count(what: string): number {
    this.need(4, what);
    const n = this.i32();
    if (n < 0) throw this.fail(`${what}: negative count ${n}`);
    return n;
  }

  /**
   * A Variant string: u32 byte length, UTF-8, zero padding to 4. A length past the data (padding
   * included) is 18 `ERR_FILE_EOF`, malformed UTF-8 30 `ERR_INVALID_DATA`. The text ends at the
   * first NUL byte, as in Godot.
   */
  string(what: string): string {
    this.need(4, what);
    const length = this.i32();
    const padded = length + ((4 - (length & 3)) & 3);
    if (length < 0 || padded > this.end - this.pos) {
      throw this.fail(`${what}: string of ${length >>> 0} bytes at offset ${this.pos - 4} runs past the data`, GodotError.ERR_FILE_EOF);
    }
    const start = this.pos;
    // Godot's text ends at the first NUL; what comes before it must be well-formed UTF-8.
    const raw = this.bytes.subarray(start, start + length);
    const nul = raw.indexOf(0);
    const text = nul === 0 || length === 0 ? "" : utf8DecodeStrict(nul > 0 ? raw.subarray(0, nul) : raw);
    if (text === undefined) throw this.fail(`${what}: malformed UTF-8 at offset ${start}`);
    this.pos += padded;
    return text;
  }
}
