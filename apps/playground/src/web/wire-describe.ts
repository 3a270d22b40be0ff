import type { DialectName, Payload } from "@wsmp/adapter-browser";
import { decodeApp } from "../shared/app-protocol.js";

/** Godot 4 SceneMultiplayer command names (bits 0-2 of byte 0). */
const SCENE_COMMANDS = ["REMOTE_CALL", "SIMPLIFY_PATH", "CONFIRM_PATH", "RAW", "SPAWN", "DESPAWN", "SYNC", "SYS"] as const;
/** Godot 3 MultiplayerAPI command names (byte 0 of a SYS_NONE payload). */
const G3_COMMANDS = ["REMOTE_CALL", "REMOTE_SET", "SIMPLIFY_PATH", "CONFIRM_PATH", "RAW"] as const;
const G3_TYPES = ["NONE", "SYS_ADD", "SYS_DEL", "SYS_ID"] as const;

function i32(data: Uint8Array, at: number): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getInt32(at, true);
}

function target(to: number): string {
  return to === 0 ? "all" : to < 0 ? `all but ${-to}` : String(to);
}

/** What the playground's own payload says, in a few words. */
export function describeApp(data: Uint8Array | string): string {
  const message = decodeApp(data);
  switch (message.kind) {
    case "position":
      return `position ${message.x.toFixed(3)}, ${message.y.toFixed(3)}`;
    case "ping":
      return "ping";
    case "pong":
      return `pong (${message.peerCount} peers)`;
    case "chat":
      return `chat ${JSON.stringify(message.text.length > 40 ? `${message.text.slice(0, 40)}…` : message.text)}`;
    default:
      return `${message.size} bytes`;
  }
}

function describeScene(data: Uint8Array): string {
  const byte0 = data[0];
  if (byte0 === undefined) return "empty";
  const command = byte0 & 7;
  if (command === 3) return `RAW ${describeApp(data.subarray(1))}`;
  if (command !== 7) return SCENE_COMMANDS[command] ?? "?";
  const sys = data[1];
  if (sys === 0) return data.byteLength === 2 ? "AUTH complete" : `AUTH ${data.byteLength - 2} bytes`;
  if (data.byteLength < 6) return "SYS (short)";
  const peer = i32(data, 2);
  if (sys === 1) return `ADD_PEER ${peer}`;
  if (sys === 2) return `DEL_PEER ${peer}`;
  if (sys === 3) return `RELAY ${peer} · ${describeScene(data.subarray(6))}`;
  return `SYS ${String(sys)}`;
}

function describeGodot3(data: Uint8Array): string {
  if (data.byteLength < 9) return "short message";
  const type = data[0] ?? 0;
  const from = i32(data, 1);
  const to = i32(data, 5);
  if (type !== 0) return `${G3_TYPES[type] ?? `type ${type}`} ${data.byteLength >= 13 ? i32(data, 9) : "?"}`;
  const payload = data.subarray(9);
  const command = payload[0];
  const inner = command === 4 ? `RAW ${describeApp(payload.subarray(1))}` : command === undefined ? "empty" : (G3_COMMANDS[command] ?? `${payload.byteLength} bytes`);
  return `${from} → ${target(to)} · ${inner}`;
}

/**
 * A describer of wire messages for one connection (it remembers whether the Godot 4 id message
 * was seen). Returns a one-line summary: "id 1234", "RELAY 5678 · RAW chat \"hi\"", ...
 */
export function createWireDescriber(dialect: DialectName): (direction: "in" | "out", data: Payload) => string {
  let sawId = false;
  return (direction, data) => {
    if (typeof data === "string") return `text ${describeApp(data)}`;
    if (dialect === "raw") return `binary ${describeApp(data)}`;
    if (dialect === "godot3") return describeGodot3(data);
    if (!sawId && direction === "in") {
      sawId = true;
      if (data.byteLength === 4) return `id ${i32(data, 0)}`;
    }
    return describeScene(data);
  };
}
