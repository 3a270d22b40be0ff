/** Byte helpers: payload sizes, UTF-8 through the platform's TextEncoder / TextDecoder, little-endian int32 and hex. */

export type Payload = Uint8Array | string;

/** UTF-8 length of a string without allocating. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** True for an empty message, without measuring a string's UTF-8 length. */
export function isEmptyPayload(data: Payload): boolean {
  return typeof data === "string" ? data.length === 0 : data.byteLength === 0;
}

export function payloadLength(data: Payload): number {
  return typeof data === "string" ? utf8Length(data) : data.byteLength;
}

const encoder = new TextEncoder();
// A leading byte-order mark is kept: the text is exactly what the bytes say.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The UTF-8 bytes of `text`; lone surrogates become U+FFFD, as every WebSocket does. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 as the WHATWG decoder does: each maximal invalid subpart becomes one U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The text of `bytes` when they are valid UTF-8 (a leading BOM is kept), otherwise `undefined`. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export function toBytes(data: Payload): Uint8Array {
  return typeof data === "string" ? utf8Encode(data) : data;
}

/** Writes a little-endian int32. */
export function writeI32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = (value >>> 24) & 0xff;
}

/** Reads a little-endian int32 (signed). */
export function readI32(source: Uint8Array, offset: number): number {
  return (source[offset]! | (source[offset + 1]! << 8) | (source[offset + 2]! << 16) | (source[offset + 3]! << 24)) | 0;
}

export function i32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4);
  writeI32(out, 0, value);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += (s ? " " : "") + b.toString(16).padStart(2, "0").toUpperCase();
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError(`bad hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
