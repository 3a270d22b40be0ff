import { describe, expect, it } from "vitest";
import { CloseScanner } from "../src/close-scan.js";

/** A masked client frame: FIN, `opcode`, `size` payload bytes (7-bit, 16-bit or 64-bit length). */
function clientFrame(opcode: number, size: number): Uint8Array {
  const length = size < 126 ? [size] : size < 65536 ? [126, size >> 8, size & 0xff] : [127, 0, 0, 0, 0, (size >>> 24) & 0xff, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff];
  const header = [0x80 | opcode, 0x80 | length[0]!, ...length.slice(1), 1, 2, 3, 4];
  const frame = new Uint8Array(header.length + size);
  frame.set(header);
  frame.fill(0x08, header.length); // payload bytes that look like a close opcode must not fool it
  return frame;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

describe("CloseScanner (the front's view of a client's answer)", () => {
  it("finds a close frame right away, and after data, ping and pong frames of every length form", () => {
    expect(new CloseScanner().feed(clientFrame(0x8, 2))).toBe(true);
    const before = concat(clientFrame(0x2, 5), clientFrame(0x1, 300), clientFrame(0x9, 0), clientFrame(0xa, 4), clientFrame(0x2, 70_000));
    const scanner = new CloseScanner();
    expect(scanner.feed(before)).toBe(false);
    expect(scanner.feed(clientFrame(0x8, 9))).toBe(true);
    // The close right after a frame with a 64-bit length, in the same chunk.
    expect(new CloseScanner().feed(concat(clientFrame(0x2, 70_000), clientFrame(0x8, 0)))).toBe(true);
  });

  it("keeps its place across chunks cut anywhere, and never takes payload bytes for a header", () => {
    const bytes = concat(clientFrame(0x2, 130), clientFrame(0x0, 3), clientFrame(0x8, 2));
    const closeAt = bytes.length - 8;
    for (const cut of [1, 2, 3, 7, 64, 131]) {
      const scanner = new CloseScanner();
      let found = -1;
      for (let at = 0; at < bytes.length && found < 0; at += cut) if (scanner.feed(bytes.subarray(at, Math.min(at + cut, bytes.length)))) found = Math.min(at + cut, bytes.length);
      expect(found, `chunks of ${cut}`).toBeGreaterThan(closeAt);
      expect(found - cut, `chunks of ${cut}`).toBeLessThanOrEqual(closeAt);
    }
    expect(new CloseScanner().feed(bytes.subarray(0, closeAt))).toBe(false);
  });
});
