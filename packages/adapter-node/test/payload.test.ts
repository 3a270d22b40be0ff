import { describe, expect, it } from "vitest";
import { toPayload } from "../src/connection.js";

describe("toPayload", () => {
  it("shares the bytes of a message whose chunk is about its own size, as a plain Uint8Array", () => {
    const chunk = Buffer.alloc(1006); // a 6-byte frame header, then 1000 payload bytes
    chunk.fill(7, 6);
    const message = chunk.subarray(6);
    const data = toPayload(message, true) as Uint8Array;
    expect(Buffer.isBuffer(data)).toBe(false);
    expect(data.buffer).toBe(chunk.buffer);
    expect([data.byteOffset, data.byteLength]).toEqual([message.byteOffset, 1000]);
  });

  it("copies a small message out of a large chunk (a pooled Buffer or a burst of frames)", () => {
    const pooled = Buffer.from([1, 2, 3]); // from Node's shared 8 KiB pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(64);
    const data = toPayload(pooled, true) as Uint8Array;
    expect(Buffer.isBuffer(data)).toBe(false);
    expect(data.buffer).not.toBe(pooled.buffer);
    expect([data.byteOffset, data.buffer.byteLength]).toEqual([0, 3]);
    expect([...data]).toEqual([1, 2, 3]);
  });

  it("joins fragments and decodes text", () => {
    expect([...(toPayload([Buffer.from([1]), Buffer.from([2, 3])], true) as Uint8Array)]).toEqual([1, 2, 3]);
    expect(toPayload(Buffer.from("héllo"), false)).toBe("héllo");
  });
});
