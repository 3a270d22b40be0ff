import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../shared/bytes.js";
import { decodeGodot3Message, encodeGodot3Message, encodeGodot3Sys, GODOT3_HEADER_SIZE, Godot3Sys } from "./godot3-dialect.js";

// Golden vectors from the spec (section 6.4 / 6.5), checked in both directions.
const VECTORS = [
  { name: "SYS_ID(1234567)", hex: "03 01 00 00 00 00 00 00 00 87 D6 12 00", type: Godot3Sys.ID, from: 1, to: 0, payload: "87 D6 12 00" },
  { name: "SYS_ADD(1)", hex: "01 01 00 00 00 00 00 00 00 01 00 00 00", type: Godot3Sys.ADD, from: 1, to: 0, payload: "01 00 00 00" },
  { name: "SYS_DEL(2)", hex: "02 01 00 00 00 00 00 00 00 02 00 00 00", type: Godot3Sys.DEL, from: 1, to: 0, payload: "02 00 00 00" },
  { name: "send_bytes(\"hi\") from 1234567 to all", hex: "00 87 D6 12 00 00 00 00 00 04 68 69", type: Godot3Sys.NONE, from: 1234567, to: 0, payload: "04 68 69" },
  { name: "packet to all but 1234567", hex: "00 01 00 00 00 79 29 ED FF AA", type: Godot3Sys.NONE, from: 1, to: -1234567, payload: "AA" },
  { name: "packet to the largest id", hex: "00 05 00 00 00 FF FF FF 7F 01 02", type: Godot3Sys.NONE, from: 5, to: 0x7fffffff, payload: "01 02" },
] as const;

describe("godot3 header: golden vectors", () => {
  for (const v of VECTORS) {
    it(`encodes ${v.name}`, () => {
      const built = v.type === Godot3Sys.NONE ? encodeGodot3Message(v.type, v.from, v.to, fromHex(v.payload)) : encodeGodot3Sys(v.type, readPayloadId(v.payload));
      expect(toHex(built)).toBe(v.hex);
    });
    it(`decodes ${v.name}`, () => {
      const message = decodeGodot3Message(fromHex(v.hex))!;
      expect(message.type).toBe(v.type);
      expect(message.from).toBe(v.from);
      expect(message.to).toBe(v.to);
      expect(toHex(message.payload)).toBe(v.payload);
    });
  }

  it("sends text payloads as their UTF-8 bytes", () => {
    expect(toHex(encodeGodot3Message(0, 1, 0, "é"))).toBe("00 01 00 00 00 00 00 00 00 C3 A9");
  });

  it("refuses anything shorter than the 9-byte header, accepts an empty payload", () => {
    expect(GODOT3_HEADER_SIZE).toBe(9);
    expect(decodeGodot3Message(fromHex("00 01 00 00 00 00 00 00"))).toBeUndefined();
    expect(decodeGodot3Message(new Uint8Array(0))).toBeUndefined();
    expect(decodeGodot3Message(fromHex("00 01 00 00 00 00 00 00 00"))?.payload.byteLength).toBe(0);
  });
});

function readPayloadId(hex: string): number {
  const b = fromHex(hex);
  return b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
}
