import { describe, expect, it } from "vitest";
import { encodeChat, encodePosition } from "../src/shared/app-protocol.js";
import { createWireDescriber } from "../src/web/wire-describe.js";

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.split(" ").map((h) => Number.parseInt(h, 16)));
}

describe("packet log summaries", () => {
  it("names Godot 4 ids, SceneMultiplayer SYS packets and relayed send_bytes", () => {
    const describe4 = createWireDescriber("godot4");
    expect(describe4("in", bytes("87 d6 12 00"))).toBe("id 1234567");
    expect(describe4("in", bytes("07 01 87 d6 12 00"))).toBe("ADD_PEER 1234567");
    expect(describe4("in", bytes("07 02 87 d6 12 00"))).toBe("DEL_PEER 1234567");
    const relay = new Uint8Array([7, 3, 0xfe, 0xff, 0xff, 0xff, 3, ...encodeChat("hi")]);
    expect(describe4("out", relay)).toBe('RELAY -2 · RAW chat "hi"');
    expect(describe4("in", bytes("00 01 02"))).toBe("REMOTE_CALL");
    expect(describe4("in", bytes("07 00"))).toBe("AUTH complete");
  });

  it("reads Godot 3's 9-byte header", () => {
    const describe3 = createWireDescriber("godot3");
    expect(describe3("in", bytes("03 01 00 00 00 00 00 00 00 87 d6 12 00"))).toBe("SYS_ID 1234567");
    const message = new Uint8Array([0, 0x87, 0xd6, 0x12, 0, 0, 0, 0, 0, 4, ...encodePosition(0.5, 0.5)]);
    expect(describe3("out", message)).toBe("1234567 → all · RAW position 0.500, 0.500");
    expect(describe3("in", bytes("00 01 02"))).toBe("short message");
  });

  it("shows raw mode messages as text or binary", () => {
    const describeRaw = createWireDescriber("raw");
    expect(describeRaw("in", "hello")).toBe('text chat "hello"');
    expect(describeRaw("in", bytes("f9 00"))).toBe("binary 2 bytes");
  });
});
