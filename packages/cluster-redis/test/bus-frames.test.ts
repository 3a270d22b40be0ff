import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame, FrameKind } from "../src/bus-frames.js";

describe("bus frames", () => {
  it("round-trip kind, direction, connection, sender and body, with golden bytes", () => {
    const bytes = encodeFrame(FrameKind.BINARY, true, 0x01020304, "ab", new Uint8Array([9, 8]));
    expect([...bytes]).toEqual([0x84, 4, 3, 2, 1, 2, 0x61, 0x62, 9, 8]);
    expect(decodeFrame(bytes)).toEqual({ kind: FrameKind.BINARY, toEdge: true, connection: 0x01020304, sender: "ab", body: new Uint8Array([9, 8]) });
    const join = decodeFrame(encodeFrame(FrameKind.JOIN, false, 7, "node-a", { name: "x" }))!;
    expect(join).toMatchObject({ kind: FrameKind.JOIN, toEdge: false, connection: 7, sender: "node-a" });
    expect(JSON.parse(new TextDecoder().decode(join.body))).toEqual({ name: "x" });
  });

  it("refuses bytes that are not a frame: too short, unknown kind, sender past the end", () => {
    expect(decodeFrame(new Uint8Array([1, 0, 0, 0]))).toBeUndefined();
    expect(decodeFrame(new Uint8Array([0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(decodeFrame(new Uint8Array([8, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(decodeFrame(new Uint8Array([1, 0, 0, 0, 0, 5, 0x61]))).toBeUndefined();
    expect(() => encodeFrame(FrameKind.OPEN, false, 1, "x".repeat(256))).toThrow();
  });
});
