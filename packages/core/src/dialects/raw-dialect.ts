import { GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { ClientDialect, ClientDialectContext, ServerDialect, ServerDialectContext } from "../engine/dialect-contract.js";

/**
 * Godot 3 `gd_mp_api = false`: plain WebSocket messages, no header and no ids on the wire.
 * The multiplayer packet API is off (`putPacket` / `getPacket` answer ERR_UNCONFIGURED,
 * `getAvailablePacketCount` is 0). Each message is kept as it came (text or binary) and read
 * through the connection it arrived on: `server.getPeer(id)` on a server, `client.getPeer(1)` on
 * a client. `data_received` fires once per stored message (with the peer id on a server).
 */

export function createRawServer(ctx: ServerDialectContext): ServerDialect {
  return {
    name: "raw",
    packetApi: false,
    packetOverhead: 0,
    admit() {
      return true;
    },
    leave() {},
    receive(from, data) {
      if (ctx.deliver(from, data, from)) ctx.signal("data_received", from);
    },
    put() {
      return GodotError.ERR_UNCONFIGURED;
    },
  };
}

/** The client is connected as soon as the WebSocket is open; its id stays 0 (nothing assigns one). */
export function createRawClient(ctx: ClientDialectContext): ClientDialect {
  return {
    name: "raw",
    packetApi: false,
    packetOverhead: 0,
    addressesPeers: false,
    opened() {
      ctx.connected();
    },
    receive(data) {
      if (ctx.deliver(SERVER_PEER_ID, data)) ctx.signal("data_received");
    },
    put() {
      return GodotError.ERR_UNCONFIGURED;
    },
  };
}
