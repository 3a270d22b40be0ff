import type { WireData } from "./harness.js";

/**
 * Conversions between payloads and their JSON form. Pure (no Buffer, no btoa) so they run in
 * Node, Bun, a browser page or any other runtime a harness drives.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? "=" : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? "=" : ALPHABET[n & 63]!;
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of clean) {
    const v = LOOKUP.get(ch);
    if (v === undefined) throw new RangeError(`invalid base64 character ${JSON.stringify(ch)}`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Wraps text or bytes for the wire. */
export function toWire(data: string | Uint8Array): WireData {
  return typeof data === "string" ? { kind: "text", text: data } : { kind: "binary", base64: toBase64(data) };
}

/** Unwraps wire data: text stays a string (sent as a text frame), binary becomes bytes. */
export function fromWire(data: WireData): string | Uint8Array {
  return data.kind === "text" ? data.text : fromBase64(data.base64);
}

/** The payload's bytes (text as UTF-8). */
export function wireBytes(data: WireData): Uint8Array {
  return data.kind === "text" ? new TextEncoder().encode(data.text) : fromBase64(data.base64);
}

/** `n` bytes of a fixed pattern that depends on `seed`, so truncation or reordering shows. */
export function patternBytes(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
