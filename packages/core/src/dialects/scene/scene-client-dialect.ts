import { type Payload, toBytes, isEmptyPayload } from "../../shared/bytes.js";
import { CloseCode, GodotError, SERVER_PEER_ID } from "../../shared/constants.js";
import type { ClientDialect, ClientDialectContext, ClientDialectFactory } from "../../engine/dialect-contract.js";
import { decodeIdMessage } from "../godot4-dialect.js";
import { ErrorCode } from "../../shared/errors.js";
import { isValidPeerId } from "../../engine/peer-ids.js";
import { AuthTable } from "./scene-auth-table.js";
import { commandOf, decodeScenePacket, encodeRaw, encodeRelay, SceneCommand } from "./scene-codec.js";
import { inboundDrop, SceneEventName, surface } from "./scene-events.js";
import { AuthFailureReason, type ResolvedSceneOptions, resolveSceneOptions, type SceneClientOptions } from "./scene-options.js";
import { Rpc4 } from "../rpc/g4-rpc-peer.js";
import type { HasRpc } from "../rpc/rpc-control.js";

/**
 * A client of a Godot 4 SceneMultiplayer server (a Godot 4 game or a wsmp scene server), spec 5.12.
 *
 * Rules:
 * 1. The first message is the 4-byte id. Without `auth` the client is connected at once
 *    (`connected_to_server`, `peer_connected(1)`). With `auth` the server is pending
 *    (`peer_authenticating(1)`): the handshake clock stops, `authTimeout` starts, and only AUTH
 *    packets are taken from the server until both sides completed; then the client is connected.
 * 2. `07 01 <id>` / `07 02 <id>` from the server: `peer_connected(id)` / `peer_disconnected(id)`.
 * 3. `07 03 <src> <inner>`: `inner` comes from `src`. `03 <bytes>` -> `peer_packet(src, bytes)`;
 *    other commands go to the RPC layer (rpc/g4-rpc-peer.ts), and what it does not consume to
 *    `scene_packet`. Unwrapped packets come from the server (1).
 * 4. Sending to 1 is unwrapped; sending to anyone else (0, > 1, < 0) goes through the relay
 *    wrapper `07 03 <to> <packet>`. A positive target must be a peer the server announced.
 * 5. A malformed SYS packet from the server (too short, unknown sub-command, relay with an empty
 *    or SYS inner packet, an ADD of an invalid id, a DEL of 1) fails the connection with 1002
 *    (WSMP_ERR_PROTOCOL). A failed authentication closes with 1000 and `connect()` rejects with
 *    WSMP_ERR_HANDSHAKE_REJECTED (callback said no or threw) or WSMP_ERR_HANDSHAKE_TIMEOUT.
 */

/** The scene-level operations a client offers on top of the dialect. */
export interface SceneClientControl {
  /** `send_bytes`: `03 <data>` to `to` (1 the server, 0 everyone, > 1 one peer, < 0 all but one). */
  sendBytes(data: Uint8Array, to: number): GodotError;
  /** `send_auth(1, data)`. */
  sendAuth(id: number, data: Uint8Array): GodotError;
  /** `complete_auth(1)`. */
  completeAuth(id: number): GodotError;
  /** `[1]` while the server is being authenticated, else `[]`. */
  authenticatingPeers(): number[];
}

export interface SceneClientDialect extends ClientDialect, HasRpc {
  readonly scene: SceneClientControl;
}

export function isSceneClientDialect(dialect: ClientDialect): dialect is SceneClientDialect {
  return typeof (dialect as Partial<SceneClientDialect>).scene === "object";
}

/** A client dialect factory for a Godot 4 SceneMultiplayer server. Options are checked at once. */
export function createSceneClient(options: true | SceneClientOptions = {}): ClientDialectFactory {
  const settings = resolveSceneOptions(options);
  return (ctx) => createSceneClientDialect(ctx, settings);
}

function createSceneClientDialect(ctx: ClientDialectContext, settings: ResolvedSceneOptions): SceneClientDialect {
  let ownId = 0;
  let connected = false;
  /** Peers the server announced. */
  const peers = new Set<number>();
  const signal = (name: string, ...args: unknown[]): void => ctx.signal(name, ...args);

  const auth = settings.auth
    ? new AuthTable(settings.auth, settings.authTimeoutMs, {
        send: (_id, data) => ctx.send(data),
        admit: () => becomeConnected(),
        fail: (id, reason, error) => {
          signal(SceneEventName.AUTHENTICATION_FAILED, id, reason, error);
          const timedOut = reason === AuthFailureReason.TIMEOUT;
          ctx.fail(timedOut ? CloseCode.AUTH_TIMEOUT : CloseCode.AUTH_FAILED, ErrorCode.AUTH_FAILED, `authentication of the server failed (${reason})`);
        },
        wake: (deadline) => ctx.wake(deadline),
      })
    : undefined;

  function becomeConnected(): void {
    connected = true;
    ctx.connected();
  }

  function protocolError(message: string): void {
    ctx.fail(CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, message);
  }

  function relayed(src: number, inner: Uint8Array): void {
    const packet = decodeScenePacket(inner);
    if (packet.kind === "malformed") return protocolError(`relayed packet from ${src}: ${packet.reason}`);
    if (commandOf(inner[0]!) === SceneCommand.SYS) return protocolError(`relayed packet from ${src}: a SYS packet cannot be relayed`);
    if (packet.kind === "raw" || (packet.kind === "other" && !rpc.receive(src, packet.data))) surface(signal, src, packet, true);
  }

  function route(to: number, packet: Uint8Array): GodotError {
    if (!connected) return GodotError.ERR_UNCONFIGURED;
    if (to === SERVER_PEER_ID) return ctx.send(packet);
    if (to > 0 && !peers.has(to)) return GodotError.ERR_INVALID_PARAMETER;
    return ctx.send(encodeRelay(to, packet));
  }

  const rpc = new Rpc4({
    ownId: () => ownId,
    connected: () => connected,
    peers: () => [SERVER_PEER_ID, ...peers],
    hasPeer: (id) => id === SERVER_PEER_ID || peers.has(id),
    send: (to, packet) => void route(to, packet),
    signal,
  });

  const control: SceneClientControl = {
    sendBytes(data, to) {
      if (data.byteLength === 0) return GodotError.ERR_INVALID_DATA;
      return route(to, encodeRaw(data));
    },
    // The only peer a client authenticates with is the server: any other id has no session.
    sendAuth(id, data) {
      return auth ? auth.send(id, data) : GodotError.ERR_INVALID_PARAMETER;
    },
    completeAuth(id) {
      return auth ? auth.complete(id) : GodotError.ERR_INVALID_PARAMETER;
    },
    authenticatingPeers() {
      return auth ? auth.ids() : [];
    },
  };

  function receiveConnected(data: Payload): void {
    const packet = decodeScenePacket(toBytes(data));
    switch (packet.kind) {
      case "malformed":
        return protocolError(`packet from the server: ${packet.reason}`);
      case "auth_complete":
        return;
      case "auth":
        ctx.dropped(inboundDrop(SERVER_PEER_ID, data, ErrorCode.PROTOCOL, "the server sent authentication data, but this client is not authenticating (no scene.auth callback)"));
        return;
      case "add_peer":
        if (!isValidPeerId(packet.id) || packet.id === ownId) return protocolError(`ADD_PEER with an invalid id ${packet.id}`);
        peers.add(packet.id);
        ctx.peerJoined(packet.id);
        return;
      case "del_peer":
        if (packet.id === SERVER_PEER_ID) return protocolError("DEL_PEER for the server itself");
        peers.delete(packet.id);
        rpc.peerLeft(packet.id);
        ctx.peerLeft(packet.id);
        return;
      case "relay":
        return relayed(packet.peer, packet.inner);
      default:
        if (packet.kind === "raw" || !rpc.receive(SERVER_PEER_ID, packet.data)) surface(signal, SERVER_PEER_ID, packet, false);
    }
  }

  return {
    name: "godot4",
    packetApi: true,
    packetOverhead: 9,
    addressesPeers: true,
    scene: control,
    rpc,
    opened() {},
    receive(data) {
      if (ownId === 0) {
        const id = decodeIdMessage(data);
        if (id === undefined) return protocolError("the first message from the server must be a 4-byte id >= 2");
        ownId = id;
        ctx.setId(id);
        if (!auth) return becomeConnected();
        ctx.handshakeDone();
        auth.begin(SERVER_PEER_ID, ctx.now());
        signal(SceneEventName.AUTHENTICATING, SERVER_PEER_ID);
        return;
      }
      if (auth?.isPending(SERVER_PEER_ID)) {
        const refusal = auth.receive(SERVER_PEER_ID, decodeScenePacket(toBytes(data)));
        if (refusal !== undefined) ctx.dropped(inboundDrop(SERVER_PEER_ID, data, ErrorCode.PROTOCOL, refusal));
        return;
      }
      // Past the id and the authentication the client is connected: a failed one closed it.
      receiveConnected(data);
    },
    put(target, data) {
      if (isEmptyPayload(data)) return GodotError.OK;
      if (target === SERVER_PEER_ID) return connected ? ctx.send(data) : GodotError.ERR_UNCONFIGURED;
      return route(target, toBytes(data));
    },
    tick(now) {
      auth?.tick(now);
    },
    nextDeadline() {
      return auth?.nextDeadline();
    },
    closed() {
      connected = false;
      peers.clear();
      rpc.reset();
      if (auth?.forget(SERVER_PEER_ID)) signal(SceneEventName.AUTHENTICATION_FAILED, SERVER_PEER_ID, AuthFailureReason.DISCONNECTED);
    },
  };
}
