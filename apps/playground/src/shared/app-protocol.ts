/**
 * What the playground puts inside its packets (the application payload, below whatever framing
 * the dialect adds). Chat is plain UTF-8 text, so a Godot game can read it with
 * `get_string_from_utf8()`. Every other message starts with a tag byte in 0xF8-0xFF: those bytes
 * never begin valid UTF-8, so a tagged message can never be mistaken for chat.
 */
export const Tag = {
  /** `[F8][x u16 LE][y u16 LE]`: the sender's dot, 0..65535 across the canvas. */
  POSITION: 0xf8,
  /** `[F9][sent f64 LE]`: asks the server for a pong. */
  PING: 0xf9,
  /** `[FA][sent f64 LE][server peer count u32 LE]`: the answer, echoing `sent`. */
  PONG: 0xfa,
} as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

export const POSITION_SIZE = 5;
export const PING_SIZE = 9;
export const PONG_SIZE = 13;
/** Largest coordinate on the wire. */
export const COORD_MAX = 0xffff;

export type AppMessage =
  | { readonly kind: "position"; readonly x: number; readonly y: number }
  | { readonly kind: "ping"; readonly sent: number }
  | { readonly kind: "pong"; readonly sent: number; readonly peerCount: number }
  | { readonly kind: "chat"; readonly text: string }
  | { readonly kind: "unknown"; readonly size: number };

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function clampCoord(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(COORD_MAX, Math.max(0, Math.round(value)));
}

/** A dot at (x, y) with both in 0..1. */
export function encodePosition(x: number, y: number): Uint8Array {
  const out = new Uint8Array(POSITION_SIZE);
  const dv = view(out);
  out[0] = Tag.POSITION;
  dv.setUint16(1, clampCoord(x * COORD_MAX), true);
  dv.setUint16(3, clampCoord(y * COORD_MAX), true);
  return out;
}

export function encodePing(sent: number): Uint8Array {
  const out = new Uint8Array(PING_SIZE);
  out[0] = Tag.PING;
  view(out).setFloat64(1, sent, true);
  return out;
}

export function encodePong(sent: number, peerCount: number): Uint8Array {
  const out = new Uint8Array(PONG_SIZE);
  const dv = view(out);
  out[0] = Tag.PONG;
  dv.setFloat64(1, sent, true);
  dv.setUint32(9, Math.max(0, Math.floor(peerCount)) >>> 0, true);
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function encodeChat(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Reads one application payload. Text frames are chat; malformed bytes come back as `unknown`. */
export function decodeApp(data: Uint8Array | string): AppMessage {
  if (typeof data === "string") return { kind: "chat", text: data };
  const tag = data[0];
  if (tag === undefined) return { kind: "unknown", size: 0 };
  const dv = view(data);
  if (tag === Tag.POSITION && data.byteLength === POSITION_SIZE) {
    return { kind: "position", x: dv.getUint16(1, true) / COORD_MAX, y: dv.getUint16(3, true) / COORD_MAX };
  }
  if (tag === Tag.PING && data.byteLength === PING_SIZE) return { kind: "ping", sent: dv.getFloat64(1, true) };
  if (tag === Tag.PONG && data.byteLength === PONG_SIZE) {
    return { kind: "pong", sent: dv.getFloat64(1, true), peerCount: dv.getUint32(9, true) };
  }
  if (tag >= 0xf8) return { kind: "unknown", size: data.byteLength };
  try {
    return { kind: "chat", text: decoder.decode(data) };
  } catch {
    return { kind: "unknown", size: data.byteLength };
  }
}
