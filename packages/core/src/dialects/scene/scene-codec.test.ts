import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8Encode } from "../../shared/bytes.js";
import { decodeIdMessage, encodeIdMessage } from "../godot4-dialect.js";
import {
  commandName,
  commandOf,
  decodeScenePacket,
  encodeAddPeer,
  encodeAuth,
  encodeAuthComplete,
  encodeDelPeer,
  encodeRaw,
  encodeRelay,
  SceneCommand,
} from "./scene-codec.js";

// Spec 5.11 worked example.
const A = 1234567; // 87 D6 12 00
const B = 7654321; // B1 CB 74 00

describe("SceneMultiplayer codec: golden vectors (encode)", () => {
  it("encodes the spec 5.11 worked example byte for byte", () => {
    expect(toHex(encodeIdMessage(A))).toBe("87 D6 12 00");
    expect(toHex(encodeAddPeer(A))).toBe("07 01 87 D6 12 00");
    const hi = encodeRaw(utf8Encode("hi"));
    expect(toHex(hi)).toBe("03 68 69");
    expect(toHex(encodeRelay(B, hi))).toBe("07 03 B1 CB 74 00 03 68 69");
    expect(toHex(encodeRelay(A, hi))).toBe("07 03 87 D6 12 00 03 68 69");
    expect(toHex(encodeRelay(-B, hi))).toBe("07 03 4F 34 8B FF 03 68 69");
    expect(toHex(encodeDelPeer(A))).toBe("07 02 87 D6 12 00");
  });

  it("encodes AUTH, AUTH completion, broadcast and all-but-server relays", () => {
    expect(toHex(encodeAuth(fromHex("DE AD BE EF")))).toBe("07 00 DE AD BE EF");
    expect(toHex(encodeAuthComplete())).toBe("07 00");
    expect(toHex(encodeRelay(0, fromHex("00 01 00 01 02 2A")))).toBe("07 03 00 00 00 00 00 01 00 01 02 2A");
    expect(toHex(encodeRelay(-1, fromHex("03 01")))).toBe("07 03 FF FF FF FF 03 01");
    expect(toHex(encodeAddPeer(0x7fffffff))).toBe("07 01 FF FF FF 7F");
    expect(toHex(encodeDelPeer(2))).toBe("07 02 02 00 00 00");
  });
});

describe("SceneMultiplayer codec: golden vectors (decode)", () => {
  it("decodes the spec 5.11 worked example", () => {
    expect(decodeIdMessage(fromHex("87 D6 12 00"))).toBe(A);
    expect(decodeScenePacket(fromHex("07 01 87 D6 12 00"))).toEqual({ kind: "add_peer", id: A });
    const toB = decodeScenePacket(fromHex("07 03 B1 CB 74 00 03 68 69"));
    expect(toB).toMatchObject({ kind: "relay", peer: B });
    if (toB.kind !== "relay") throw new Error("not a relay");
    expect(decodeScenePacket(toB.inner)).toEqual({ kind: "raw", data: fromHex("68 69") });
    expect(decodeScenePacket(fromHex("07 03 87 D6 12 00 03 68 69"))).toMatchObject({ kind: "relay", peer: A, inner: fromHex("03 68 69") });
    expect(decodeScenePacket(fromHex("07 03 4F 34 8B FF 03 68 69"))).toMatchObject({ kind: "relay", peer: -B });
    expect(decodeScenePacket(fromHex("07 02 87 D6 12 00"))).toEqual({ kind: "del_peer", id: A });
  });

  it("decodes AUTH data and AUTH completion", () => {
    expect(decodeScenePacket(fromHex("07 00 DE AD"))).toEqual({ kind: "auth", data: fromHex("DE AD") });
    expect(decodeScenePacket(fromHex("07 00"))).toEqual({ kind: "auth_complete" });
  });

  it("reads the command from bits 0-2 only, keeping flag bits in the data", () => {
    expect(commandOf(0x16)).toBe(SceneCommand.SYNC); // delta sync: flag bit 4 set
    expect(commandOf(0xa0)).toBe(SceneCommand.REMOTE_CALL); // 32-bit node id + no-args flag
    expect(commandOf(0x0f)).toBe(SceneCommand.SYS); // bit 3 is unused
    expect(commandOf(0x13)).toBe(SceneCommand.RAW);
    expect(decodeScenePacket(fromHex("00 01 00 01 02 2A"))).toEqual({ kind: "other", command: 0, data: fromHex("00 01 00 01 02 2A") });
    expect(decodeScenePacket(fromHex("16 01 00 00 00"))).toMatchObject({ kind: "other", command: SceneCommand.SYNC });
    expect(decodeScenePacket(fromHex("13 AA"))).toEqual({ kind: "raw", data: fromHex("AA") });
    expect(decodeScenePacket(fromHex("0F 01 05 00 00 00"))).toEqual({ kind: "add_peer", id: 5 });
    expect(commandName(SceneCommand.SIMPLIFY_PATH)).toBe("simplify_path");
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((c) => commandName(c as SceneCommand))).toEqual([
      "remote_call",
      "simplify_path",
      "confirm_path",
      "raw",
      "spawn",
      "despawn",
      "sync",
      "sys",
    ]);
  });

  it("ignores bytes after the id of ADD/DEL, as Godot does", () => {
    expect(decodeScenePacket(fromHex("07 01 05 00 00 00 FF"))).toEqual({ kind: "add_peer", id: 5 });
  });

  it.each([
    ["", "empty packet"],
    ["03", "raw packet without data"],
    ["07", "SYS packet without a sub-command"],
    ["07 01 05 00 00", "shorter than its 6-byte header"],
    ["07 03 05 00 00 00", "empty inner packet"],
    ["07 04 05 00 00 00", "unknown SYS sub-command 4"],
    ["07 FF", "unknown SYS sub-command 255"],
  ])("reports %s as malformed", (hex, reason) => {
    const packet = decodeScenePacket(fromHex(hex));
    expect(packet.kind).toBe("malformed");
    if (packet.kind === "malformed") expect(packet.reason).toContain(reason);
  });

  it("round-trips relays for every target sign", () => {
    for (const peer of [0, -1, 2, -2, A, -A, 0x7fffffff, -0x7fffffff]) {
      const inner = fromHex("03 01 02");
      expect(decodeScenePacket(encodeRelay(peer, inner))).toEqual({ kind: "relay", peer, inner });
    }
  });
});
