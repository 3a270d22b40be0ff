import { i32Bytes, readI32, isEmptyPayload } from "../shared/bytes.js";
import { CloseCode, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { ClientDialect, ClientDialectContext, ServerDialect, ServerDialectContext } from "../engine/dialect-contract.js";
import { ErrorCode } from "../shared/errors.js";
import { isValidPeerId } from "../engine/peer-ids.js";
import { sendToTarget } from "./routing.js";

/**
 * Godot 4 WebSocketMultiplayerPeer. The server's only message of its own is the id: one binary
 * message of 4 bytes, the peer's id as a little-endian int32. Every later message is a packet,
 * passed through unchanged. A client can only send to the server.
 */

/** The id message a Godot 4 server sends first. */
export function encodeIdMessage(id: number): Uint8Array {
  return i32Bytes(id);
}

/** Reads an id message; `undefined` unless it is exactly 4 bytes holding an id >= 2. */
export function decodeIdMessage(data: Uint8Array | string): number | undefined {
  if (typeof data === "string" || data.byteLength !== 4) return undefined;
  const id = readI32(data, 0);
  return isValidPeerId(id) ? id : undefined;
}

export function createGodot4Server(ctx: ServerDialectContext): ServerDialect {
  return {
    name: "godot4",
    packetApi: true,
    packetOverhead: 9,
    admit(id) {
      return ctx.sendTo(id, encodeIdMessage(id)) === GodotError.OK;
    },
    leave() {},
    receive(from, data) {
      ctx.deliver(from, data, from);
    },
    put(target, data) {
      // Godot's PacketPeer sends nothing for an empty packet and reports OK.
      if (isEmptyPayload(data)) return GodotError.OK;
      // Per-peer failures are reported through `packet_dropped`, not the return value (as Godot).
      return sendToTarget(ctx, target, data);
    },
  };
}

export function createGodot4Client(ctx: ClientDialectContext): ClientDialect {
  let haveId = false;
  return {
    name: "godot4",
    packetApi: true,
    packetOverhead: 9,
    addressesPeers: false,
    opened() {},
    receive(data) {
      if (haveId) {
        ctx.deliver(SERVER_PEER_ID, data);
        return;
      }
      const id = decodeIdMessage(data);
      if (id === undefined) {
        ctx.fail(CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, "the first message from the server must be a 4-byte id >= 2");
        return;
      }
      haveId = true;
      ctx.setId(id);
      ctx.connected();
    },
    put(_target, data) {
      if (isEmptyPayload(data)) return GodotError.OK;
      return ctx.send(data);
    },
  };
}
