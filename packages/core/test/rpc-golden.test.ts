import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeConfirmPath, decodeRemoteCall4, decodeSimplifyPath, encodeConfirmPath, encodeRemoteCall4, encodeSimplifyPath, G4Command, type NodeField } from "../src/dialects/rpc/g4-rpc-codec.js";
import { decodeConfirmPath3, decodeRemoteCall3, decodeSimplifyPath3, encodeConfirmPath3, encodeRemoteCall3, encodeSimplifyPath3, G3Command } from "../src/dialects/rpc/g3-rpc-codec.js";
import { GODOT3_HEADER_SIZE } from "../src/dialects/godot3-dialect.js";

/**
 * Golden vectors straight from the capture fixtures (docs/godot-rpc-wire.md): every Godot 4
 * REMOTE_CALL, SIMPLIFY_PATH and CONFIRM_PATH of g4-rpc.json and g4-cache.json, and every Godot 3
 * REMOTE_CALL, REMOTE_SET, SIMPLIFY_PATH and CONFIRM_PATH payload of g3-rpc.json, is decoded with
 * wsmp's codecs and encoded again; the bytes must be Godot's. The few messages whose bytes are not
 * canonical (no sender writes them that way) are listed in SKIPPED with the reason; the test
 * fails if a listed message re-encodes after all, or no longer exists.
 */

const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Message {
  readonly seq?: number;
  readonly conn?: string;
  readonly dir?: string;
  readonly hex?: string;
  readonly note?: string;
}

function fixture(path: string): Message[] {
  return (JSON.parse(readFileSync(join(packages, path), "utf8")) as { messages: Message[] }).messages.filter((m) => m.hex !== undefined);
}

const bytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const hex = (data: Uint8Array): string => [...data].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Messages (by `seq`, not the step numbers of godot-rpc-wire.md) that decode but are not canonical, and why. */
const SKIPPED: Record<string, string> = {
  "g4-cache message 43": "injected by the capture proxy: cache id 77 in a 2-byte field, which no sender picks for an id below 256",
  "g3-rpc message 35": "a NodePath argument whose padding holds memory garbage (godot-rpc-wire.md §8, variant.md); wsmp pads with zeros",
};

/** Godot 4: the SceneMultiplayer packet inside a message (relay wrapper removed), or undefined for SYS, RAW, ids. */
function scenePacket(message: Message): Uint8Array | undefined {
  const data = bytes(message.hex!);
  if (message.seq !== undefined && data.length === 4 && message.dir === "s2c" && /peer id/.test(message.note ?? "")) return undefined; // the id message
  // SYS: only a RELAY carries a packet.
  const packet = (data[0]! & 7) === 7 ? (data[1] === 3 && data.length > 6 ? data.subarray(6) : undefined) : data;
  return packet && (packet[0]! & 7) <= G4Command.CONFIRM_PATH ? packet : undefined;
}

/** How the sender named the node, as the encoder takes it. */
function fieldOf(packet: Uint8Array, node: { kind: "id"; id: number } | { kind: "path"; path: string }): NodeField {
  if (node.kind === "path") return node;
  const size = 1 << ((packet[0]! >> 4) & 3);
  return size === 4 && node.id <= 0xffff ? { kind: "id4", id: node.id } : { kind: "compact", id: node.id };
}

function reencode4(packet: Uint8Array): Uint8Array {
  switch (packet[0]! & 7) {
    case G4Command.REMOTE_CALL: {
      const call = decodeRemoteCall4(packet, true);
      if (!call.ok) throw new Error(call.reason);
      return encodeRemoteCall4(fieldOf(packet, call.node), call.method, call.args);
    }
    case G4Command.SIMPLIFY_PATH: {
      const simplify = decodeSimplifyPath(packet);
      if (!simplify.ok) throw new Error(simplify.reason);
      return encodeSimplifyPath(simplify.checksum, simplify.id, simplify.path);
    }
    default: {
      const confirm = decodeConfirmPath(packet);
      if (!confirm.ok) throw new Error(confirm.reason);
      return encodeConfirmPath(confirm.valid, confirm.id);
    }
  }
}

function reencode3(payload: Uint8Array): Uint8Array {
  switch (payload[0]) {
    case G3Command.REMOTE_CALL:
    case G3Command.REMOTE_SET: {
      const call = decodeRemoteCall3(payload);
      if (!call.ok) throw new Error(call.reason);
      return encodeRemoteCall3(call.node.kind === "path" ? call.node : { kind: "compact", id: call.node.id }, call.name, call.args, call.set);
    }
    case G3Command.SIMPLIFY_PATH: {
      const simplify = decodeSimplifyPath3(payload);
      if (!simplify.ok) throw new Error(simplify.reason);
      return encodeSimplifyPath3(simplify.id, simplify.path);
    }
    default: {
      const confirm = decodeConfirmPath3(payload);
      if (!confirm.ok) throw new Error(confirm.reason);
      return encodeConfirmPath3(confirm.path);
    }
  }
}

/**
 * Injected packets Godot refuses as malformed are no vectors (the receiver tests cover them): a
 * 7-byte CONFIRM_PATH, a 37-byte SIMPLIFY_PATH, a Godot 4 compressed int sent to Godot 3.
 */
const MALFORMED = new Set(["g4-cache message 39", "g4-cache message 50", "g3-rpc message 87"]);

interface Vector {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly note: string;
}

function vectors4(file: string): Vector[] {
  return fixture(`interop-godot4/fixtures/${file}.json`).flatMap((m) => {
    const packet = scenePacket(m);
    const name = `${file} message ${m.seq}`;
    return packet ? [{ name, bytes: packet, note: m.note ?? "" }] : [];
  });
}

function vectors3(): Vector[] {
  return fixture("interop-godot3/fixtures/g3-rpc.json").flatMap((m) => {
    const data = bytes(m.hex!);
    const payload = data.subarray(GODOT3_HEADER_SIZE);
    // Type 0 carries a MultiplayerAPI payload; 4 is RAW.
    return data[0] === 0 && payload.length > 0 && payload[0]! <= G3Command.CONFIRM_PATH ? [{ name: `g3-rpc message ${m.seq}`, bytes: payload, note: m.note ?? "" }] : [];
  });
}

const found = [...vectors4("g4-rpc"), ...vectors4("g4-cache"), ...vectors3()];
const all = found.filter((v) => !MALFORMED.has(v.name));

describe("RPC golden vectors from the capture fixtures", () => {
  it("finds every kind of packet in the fixtures", () => {
    const count = (prefix: string, first: number, mask = 0xff): number => all.filter((v) => v.name.startsWith(prefix) && (v.bytes[0]! & mask) === first).length;
    expect(count("g4-", G4Command.REMOTE_CALL, 7)).toBeGreaterThan(50);
    expect(count("g4-", G4Command.SIMPLIFY_PATH, 7)).toBeGreaterThan(15);
    expect(count("g4-", G4Command.CONFIRM_PATH, 7)).toBeGreaterThan(15);
    for (const command of Object.values(G3Command)) expect(count("g3-", command)).toBeGreaterThan(5);
  });

  it.each(all.filter((v) => !(v.name in SKIPPED)).map((v) => [v.name, v] as const))("%s decodes and encodes back to Godot's bytes", (_name, vector) => {
    const again = vector.name.startsWith("g3-") ? reencode3(vector.bytes) : reencode4(vector.bytes);
    expect(hex(again), vector.note).toBe(hex(vector.bytes));
  });

  it.each([...MALFORMED])("%s is refused as Godot refuses it", (name) => {
    const vector = found.find((v) => v.name === name);
    expect(vector, `${name} is no longer in the fixtures`).toBeDefined();
    expect(() => (name.startsWith("g3-") ? reencode3(vector!.bytes) : reencode4(vector!.bytes))).toThrow();
  });

  it.each(Object.entries(SKIPPED))("%s is not canonical: %s", (name) => {
    const vector = all.find((v) => v.name === name);
    expect(vector, `${name} is no longer in the fixtures`).toBeDefined();
    const again = name.startsWith("g3-") ? reencode3(vector!.bytes) : reencode4(vector!.bytes);
    expect(hex(again)).not.toBe(hex(vector!.bytes));
  });
});
