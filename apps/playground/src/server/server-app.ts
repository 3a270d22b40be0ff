import type { DialectName, MultiplayerServer } from "@wsmp/core";
import { decodeApp, encodePong } from "../shared/app-protocol.js";

/** Godot 3's MultiplayerAPI RAW command: `send_bytes` payloads start with it. */
const G3_RAW = 4;
/** How often the Godot 3 server drains its queue, like a game's frame. */
const FRAME_MS = 16;

function withG3Raw(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.byteLength + 1);
  out[0] = G3_RAW;
  out.set(payload, 1);
  return out;
}

/**
 * What the server side of the playground does beyond routing, per dialect: it answers pings
 * (with its peer count, for the page's chart), and in raw mode, where the wire has no ids and no
 * relay, it passes chat (text frames) on to every other connection. Returns a stop function.
 *
 * - godot4: Godot 4 SceneMultiplayer with relay (the `scene` option); `peer_packet` carries the
 *   `send_bytes` payloads addressed to the server.
 * - godot3: the 9-byte protocol relays by itself; the server reads what is addressed to it with
 *   Godot's poll loop (`getPacketPeer` / `getPacket`), so its queue depth is real.
 * - raw: each connection's messages are read from `getPeer(id)` on `data_received`.
 */
export function attachServerApp(server: MultiplayerServer, dialect: DialectName): () => void {
  const pong = (sent: number): Uint8Array => encodePong(sent, server.peers.length);

  if (dialect === "godot4") {
    const onPacket = (from: number, data?: Uint8Array): void => {
      const message = data ? decodeApp(data) : undefined;
      if (message?.kind === "ping") server.sendBytes(pong(message.sent), from);
    };
    server.on("peer_packet", onPacket);
    return () => server.off("peer_packet", onPacket);
  }

  if (dialect === "godot3") {
    const frame = setInterval(() => {
      while (server.getAvailablePacketCount() > 0) {
        const from = server.getPacketPeer();
        const data = server.getPacket();
        if (!data || data[0] !== G3_RAW) continue;
        const message = decodeApp(data.subarray(1));
        if (message.kind === "ping" && server.hasPeer(from)) server.send(from, withG3Raw(pong(message.sent)));
      }
    }, FRAME_MS);
    frame.unref?.();
    return () => clearInterval(frame);
  }

  const onData = (id: number): void => {
    const peer = server.getPeer(id);
    if (!peer) return;
    while (peer.getAvailablePacketCount() > 0) {
      const data = peer.getPacket();
      if (data === undefined) break;
      if (peer.wasStringPacket()) {
        const text = new TextDecoder().decode(data);
        for (const other of server.peers) if (other !== id) server.getPeer(other)?.send(text);
        continue;
      }
      const message = decodeApp(data);
      if (message.kind === "ping") peer.send(pong(message.sent));
    }
  };
  server.events.on("data_received", onData);
  return () => server.events.off("data_received", onData);
}
