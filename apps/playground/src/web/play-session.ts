import { createBrowserRuntime, createBrowserTransport, type DialectName, type MultiplayerClient } from "@wsmp/adapter-browser";
import { startClient } from "@wsmp/core/adapter";
import { tapTransport, type WireTap } from "./tap-transport.js";

/** Godot 3's MultiplayerAPI RAW command: `send_bytes` payloads start with it. */
const G3_RAW = 4;

export interface SessionHandlers {
  /** The server gave us an id (0 in raw mode, where nobody assigns one). */
  connected(selfId: number): void;
  peerJoined(id: number): void;
  peerLeft(id: number): void;
  /** One application payload from `from` (1 = the server, or in raw mode anyone: there are no ids). */
  message(from: number, payload: Uint8Array | string): void;
  /** The connection is over; `failed` when it never got connected. */
  ended(info: { readonly code: number; readonly reason: string; readonly failed: boolean; readonly message: string }): void;
  wire: WireTap;
}

/**
 * One connection of the page, in the shape the page needs whatever the dialect: the peers the
 * protocol announces, `send(payload, to)` with Godot's three routing modes, and a Godot-style
 * `pump()` the page's frame loop calls to drain the incoming queue.
 */
export interface PlaySession {
  readonly dialect: DialectName;
  readonly client: MultiplayerClient;
  /** Whether `to` may be another client (false in raw mode: the wire carries no ids). */
  readonly routes: boolean;
  send(payload: Uint8Array | string, to: number): void;
  /** Reads every queued packet; returns how many were waiting. */
  pump(): number;
  close(): void;
}

/**
 * Connects to `url` speaking `dialect`:
 * - godot4: as a Godot 4 game does, with SceneMultiplayer on top: peers from ADD/DEL, packets
 *   to other peers through the server's relay, payloads as `send_bytes` (`03 ...`);
 * - godot3: the 9-byte header protocol, payloads as Godot 3 `send_bytes` (`04 ...`);
 * - raw: plain messages to the server, chat as text frames.
 */
export function openSession(url: string, dialect: DialectName, protocols: readonly string[], handlers: SessionHandlers): PlaySession {
  const transport = tapTransport(createBrowserTransport(), handlers.wire);
  const scene = dialect === "godot4";
  const client = startClient(transport, createBrowserRuntime(), url, undefined, {
    dialect,
    supportedProtocols: protocols,
    ...(scene ? { scene: true as const } : {}),
  });
  let connected = false;
  client.on("connected_to_server", (id) => {
    connected = true;
    handlers.connected(id);
  });
  client.on("peer_connected", (id) => handlers.peerJoined(id));
  client.on("peer_disconnected", (id) => handlers.peerLeft(id));
  client.on("connection_failed", (failure) => handlers.ended({ code: 0, reason: "", failed: true, message: failure.message }));
  client.on("close", (info) => {
    if (connected) handlers.ended({ code: info.code, reason: info.reason, failed: false, message: "" });
  });

  if (scene) {
    // With the scene layer `peer_packet` carries the `send_bytes` data, as Godot 4's signal does.
    client.on("peer_packet", (from, data) => {
      if (data) handlers.message(from, data);
    });
    return {
      dialect,
      client,
      routes: true,
      send(payload, to) {
        const err = client.sendBytes(typeof payload === "string" ? new TextEncoder().encode(payload) : payload, to);
        if (err !== 0) throw new Error(`send_bytes to ${to} failed with Godot error ${err}`);
      },
      pump: () => client.getAvailablePacketCount(),
      close: () => client.disconnect(1000, "left the playground"),
    };
  }

  if (dialect === "godot3") {
    return {
      dialect,
      client,
      routes: true,
      send(payload, to) {
        const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
        const framed = new Uint8Array(bytes.byteLength + 1);
        framed[0] = G3_RAW;
        framed.set(bytes, 1);
        client.send(framed, to);
      },
      pump() {
        const waiting = client.getAvailablePacketCount();
        for (let i = 0; i < waiting; i++) {
          const from = client.getPacketPeer();
          const data = client.getPacket();
          // Only `send_bytes` payloads are the playground's; RPCs of a Godot 3 game show in the packet log.
          if (data && data[0] === G3_RAW && data.byteLength > 1) handlers.message(from, data.subarray(1));
        }
        return waiting;
      },
      close: () => client.disconnect(1000, "left the playground"),
    };
  }

  return {
    dialect,
    client,
    routes: false,
    send(payload) {
      const peer = client.getPeer(1);
      if (!peer) return;
      // A string goes out as a text frame, bytes as a binary one.
      const err = peer.send(payload);
      if (err !== 0) throw new Error(`send failed with Godot error ${err}`);
    },
    pump() {
      const peer = client.getPeer(1);
      if (!peer) return 0;
      const waiting = peer.getAvailablePacketCount();
      for (let i = 0; i < waiting; i++) {
        const data = peer.getPacket();
        if (data === undefined) break;
        handlers.message(1, peer.wasStringPacket() ? new TextDecoder().decode(data) : data);
      }
      return waiting;
    },
    close: () => client.disconnect(1000, "left the playground"),
  };
}
