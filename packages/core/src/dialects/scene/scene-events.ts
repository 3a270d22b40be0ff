import { type Payload, payloadLength } from "../../shared/bytes.js";
import type { DropInfo } from "../../engine/dialect-contract.js";
import type { ErrorCode } from "../../shared/errors.js";
import { commandName, type SceneCommand, type SceneCommandName, type ScenePacket } from "./scene-codec.js";
import type { AuthFailureReason } from "./scene-options.js";

/** A SceneMultiplayer packet wsmp does not interpret (RPC, path cache, spawn, despawn, sync). */
export interface ScenePacketEvent {
  /** The peer that sent it (the original sender when it came through the relay). */
  readonly from: number;
  /** Bits 0-2 of byte 0. */
  readonly command: SceneCommand;
  readonly commandName: SceneCommandName;
  /** The whole packet, command byte included (its upper bits carry flags). */
  readonly data: Uint8Array;
  /** True when it arrived inside a relay wrapper (`07 03`). */
  readonly relayed: boolean;
}

/** The events the scene layer adds, by name, with their listener types. */
export interface SceneEvents {
  /** A peer started in-band authentication (the server, id 1, on a client). */
  peer_authenticating: (id: number) => void;
  /** A peer's authentication ended without admission. `error` is set for `callback_error`. */
  peer_authentication_failed: (id: number, reason: AuthFailureReason, error?: unknown) => void;
  /** `send_bytes` data (`03 <bytes>`) from `from`, without the command byte. */
  peer_packet: (from: number, data: Uint8Array) => void;
  /** A packet wsmp does not interpret, addressed to this side. */
  scene_packet: (packet: ScenePacketEvent) => void;
}

/** Names of the events in `SceneEvents`, as the dialects emit them through `ctx.signal`. */
export const SceneEventName = {
  AUTHENTICATING: "peer_authenticating",
  AUTHENTICATION_FAILED: "peer_authentication_failed",
  PEER_PACKET: "peer_packet",
  SCENE_PACKET: "scene_packet",
} as const;

type Signal = (name: string, ...args: unknown[]) => void;

/** Emits what a RAW or uninterpreted packet addressed to this side becomes. */
export function surface(signal: Signal, from: number, packet: Extract<ScenePacket, { kind: "raw" | "other" }>, relayed: boolean): void {
  if (packet.kind === "raw") {
    signal(SceneEventName.PEER_PACKET, from, packet.data.slice());
    return;
  }
  const event: ScenePacketEvent = { from, command: packet.command, commandName: commandName(packet.command), data: packet.data.slice(), relayed };
  signal(SceneEventName.SCENE_PACKET, event);
}

export function inboundDrop(peer: number, data: Payload, code: ErrorCode, reason: string): DropInfo {
  return { peer, direction: "in", size: payloadLength(data), code, reason };
}
