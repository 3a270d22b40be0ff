import { readI32, writeI32 } from "../../shared/bytes.js";

/**
 * The packets Godot 4's SceneMultiplayer puts inside WebSocket messages (spec section 5).
 *
 * Byte 0 of every packet is a command byte: bits 0-2 hold the command, bits 4-7 flags that only
 * the command's own layer reads. wsmp interprets the SYS command (joins, leaves, relay,
 * authentication) and RAW (`send_bytes`); everything else is passed on with its command decoded.
 *
 * Grammar (little-endian int32 ids):
 *   AUTH          07 00 <auth bytes, >= 1>
 *   AUTH complete 07 00
 *   ADD_PEER      07 01 <id>
 *   DEL_PEER      07 02 <id>
 *   RELAY         07 03 <destination (client -> server) or source (server -> client)> <inner packet, >= 1>
 *   RAW           03 <bytes>
 */

/** The command in bits 0-2 of byte 0. */
export const SceneCommand = {
  REMOTE_CALL: 0,
  SIMPLIFY_PATH: 1,
  CONFIRM_PATH: 2,
  RAW: 3,
  SPAWN: 4,
  DESPAWN: 5,
  SYNC: 6,
  SYS: 7,
} as const;
export type SceneCommand = (typeof SceneCommand)[keyof typeof SceneCommand];

/** Names of the commands, as Godot's `NETWORK_COMMAND_*` constants without the prefix, lower-cased. */
export const SCENE_COMMAND_NAMES = ["remote_call", "simplify_path", "confirm_path", "raw", "spawn", "despawn", "sync", "sys"] as const;
export type SceneCommandName = (typeof SCENE_COMMAND_NAMES)[number];

/** Byte 1 of a SYS packet. */
export const SysCommand = {
  AUTH: 0,
  ADD_PEER: 1,
  DEL_PEER: 2,
  RELAY: 3,
} as const;
export type SysCommand = (typeof SysCommand)[keyof typeof SysCommand];

/** Bits 0-2 of the command byte. */
export const COMMAND_MASK = 0x07;
/** Bytes of a SYS header with a peer id: command, sub-command, int32. */
export const SYS_HEADER_SIZE = 6;

export function commandOf(byte0: number): SceneCommand {
  return (byte0 & COMMAND_MASK) as SceneCommand;
}

export function commandName(command: SceneCommand): SceneCommandName {
  return SCENE_COMMAND_NAMES[command];
}

/** One decoded packet. `malformed` carries why it cannot be a packet a Godot peer sends. */
export type ScenePacket =
  | { readonly kind: "auth"; readonly data: Uint8Array }
  | { readonly kind: "auth_complete" }
  | { readonly kind: "add_peer"; readonly id: number }
  | { readonly kind: "del_peer"; readonly id: number }
  | { readonly kind: "relay"; readonly peer: number; readonly inner: Uint8Array }
  | { readonly kind: "raw"; readonly data: Uint8Array }
  | { readonly kind: "other"; readonly command: SceneCommand; readonly data: Uint8Array }
  | { readonly kind: "malformed"; readonly reason: string };

/**
 * Decodes one packet. Lengths follow Godot's receivers: a SYS packet other than AUTH needs the
 * 6-byte header (extra bytes after an ADD/DEL id are ignored, as Godot does), a relay needs an
 * inner packet of at least one byte, a RAW packet at least one byte of data.
 */
export function decodeScenePacket(packet: Uint8Array): ScenePacket {
  if (packet.byteLength === 0) return { kind: "malformed", reason: "empty packet" };
  const command = commandOf(packet[0]!);
  if (command === SceneCommand.RAW) {
    if (packet.byteLength < 2) return { kind: "malformed", reason: "raw packet without data" };
    return { kind: "raw", data: packet.subarray(1) };
  }
  if (command !== SceneCommand.SYS) return { kind: "other", command, data: packet };
  if (packet.byteLength < 2) return { kind: "malformed", reason: "SYS packet without a sub-command" };
  const sys = packet[1]!;
  if (sys === SysCommand.AUTH) {
    return packet.byteLength === 2 ? { kind: "auth_complete" } : { kind: "auth", data: packet.subarray(2) };
  }
  if (sys > SysCommand.RELAY) return { kind: "malformed", reason: `unknown SYS sub-command ${sys}` };
  if (packet.byteLength < SYS_HEADER_SIZE) return { kind: "malformed", reason: `SYS packet of ${packet.byteLength} bytes is shorter than its 6-byte header` };
  const peer = readI32(packet, 2);
  if (sys === SysCommand.ADD_PEER) return { kind: "add_peer", id: peer };
  if (sys === SysCommand.DEL_PEER) return { kind: "del_peer", id: peer };
  if (packet.byteLength === SYS_HEADER_SIZE) return { kind: "malformed", reason: "relay packet with an empty inner packet" };
  return { kind: "relay", peer, inner: packet.subarray(SYS_HEADER_SIZE) };
}

function sysPacket(sys: SysCommand, peer: number, payload?: Uint8Array): Uint8Array {
  const out = new Uint8Array(SYS_HEADER_SIZE + (payload?.byteLength ?? 0));
  out[0] = SceneCommand.SYS;
  out[1] = sys;
  writeI32(out, 2, peer);
  if (payload) out.set(payload, SYS_HEADER_SIZE);
  return out;
}

/** `07 01 <id>`: the server tells a client that peer `id` is connected. */
export function encodeAddPeer(id: number): Uint8Array {
  return sysPacket(SysCommand.ADD_PEER, id);
}

/** `07 02 <id>`: the server tells a client that peer `id` left. */
export function encodeDelPeer(id: number): Uint8Array {
  return sysPacket(SysCommand.DEL_PEER, id);
}

/** `07 03 <peer> <inner>`: the destination when a client sends it, the source when the server forwards it. */
export function encodeRelay(peer: number, inner: Uint8Array): Uint8Array {
  return sysPacket(SysCommand.RELAY, peer, inner);
}

/** `07 00 <data>`: authentication bytes (data must not be empty, or it would read as completion). */
export function encodeAuth(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + data.byteLength);
  out[0] = SceneCommand.SYS;
  out[1] = SysCommand.AUTH;
  out.set(data, 2);
  return out;
}

/** `07 00`: "my side of the authentication is complete". */
export function encodeAuthComplete(): Uint8Array {
  return Uint8Array.of(SceneCommand.SYS, SysCommand.AUTH);
}

/** `03 <data>`: a `send_bytes` packet. */
export function encodeRaw(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + data.byteLength);
  out[0] = SceneCommand.RAW;
  out.set(data, 1);
  return out;
}
