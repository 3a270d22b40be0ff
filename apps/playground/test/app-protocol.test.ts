import { describe, expect, it } from "vitest";
import { decodeApp, encodeChat, encodePing, encodePong, encodePosition } from "../src/shared/app-protocol.js";
import { toHex } from "../src/shared/hex.js";

describe("the playground's payloads", () => {
  it("encodes positions as a tag and two little-endian u16", () => {
    expect(toHex(encodePosition(0, 1))).toBe("f8 00 00 ff ff");
    expect(toHex(encodePosition(0.5, 0.25))).toBe("f8 00 80 00 40");
    // Out of range and non-finite values are clamped, never wrapped.
    expect(toHex(encodePosition(-3, Number.NaN))).toBe("f8 00 00 00 00");
    expect(decodeApp(encodePosition(0.25, 0.75))).toEqual({ kind: "position", x: 16384 / 65535, y: 49151 / 65535 });
  });

  it("round-trips ping and pong with the server's peer count", () => {
    expect(decodeApp(encodePing(1234.5))).toEqual({ kind: "ping", sent: 1234.5 });
    const pong = encodePong(99.25, 3);
    expect(toHex(pong.subarray(9))).toBe("03 00 00 00");
    expect(decodeApp(pong)).toEqual({ kind: "pong", sent: 99.25, peerCount: 3 });
  });

  it("reads UTF-8 bytes and text frames as chat", () => {
    expect(decodeApp(encodeChat("héllo ✓"))).toEqual({ kind: "chat", text: "héllo ✓" });
    expect(decodeApp("as text")).toEqual({ kind: "chat", text: "as text" });
  });

  it("never mistakes a tagged or malformed message for chat", () => {
    expect(decodeApp(Uint8Array.of(0xf8, 1, 2))).toEqual({ kind: "unknown", size: 3 });
    expect(decodeApp(Uint8Array.of(0xff))).toEqual({ kind: "unknown", size: 1 });
    expect(decodeApp(Uint8Array.of(0x61, 0xc3))).toEqual({ kind: "unknown", size: 2 });
    expect(decodeApp(new Uint8Array(0))).toEqual({ kind: "unknown", size: 0 });
  });

  it("reads from a view into a larger buffer by its own offset", () => {
    const buffer = new Uint8Array(16).fill(0xee);
    buffer.set(encodePosition(1, 0), 7);
    expect(decodeApp(buffer.subarray(7, 12))).toEqual({ kind: "position", x: 1, y: 0 });
  });

  it("cuts long hex dumps and says how much was left out", () => {
    expect(toHex(new Uint8Array(70), 4)).toBe("00 00 00 00 … (+66 bytes)");
  });
});
