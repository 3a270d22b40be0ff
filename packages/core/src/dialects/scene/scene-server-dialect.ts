import { type Payload, toBytes, isEmptyPayload } from "../../shared/bytes.js";
import { CloseCode, GodotError, SERVER_PEER_ID } from "../../shared/constants.js";
import type { ServerDialect, ServerDialectContext, ServerDialectFactory } from "../../engine/dialect-contract.js";
import { encodeIdMessage } from "../godot4-dialect.js";
import { forEachTarget } from "../routing.js";
import { ErrorCode } from "../../shared/errors.js";
import { AuthTable } from "./scene-auth-table.js";
import { commandOf, decodeScenePacket, encodeAddPeer, encodeDelPeer, encodeRaw, encodeRelay, SceneCommand, type ScenePacket } from "./scene-codec.js";
import { inboundDrop, SceneEventName, surface } from "./scene-events.js";
import { AuthFailureReason, RelayMode, type ResolvedSceneOptions, resolveSceneOptions, type SceneServerOptions } from "./scene-options.js";
import { Rpc4 } from "../rpc/g4-rpc-peer.js";
import type { HasRpc } from "../rpc/rpc-control.js";

/**
 * Godot 4 SceneMultiplayer on a wsmp server, which is peer 1 (spec sections 5.3 to 5.6 and the
 * checklist 5.11). It sits on the godot4 transport: the first message to a peer is its 4-byte id.
 *
 * Rules:
 * 1. Admission. Without `auth` a peer is admitted as soon as its id is sent. With `auth` it is
 *    pending (`peer_authenticating`) until both sides completed (see auth-table.ts); a pending peer
 *    gets no `peer_connected` and no announcements, and may only exchange AUTH packets.
 * 2. On admission (relay policy other than "server-only"), for every admitted peer P:
 *    `07 01 <new>` to P and `07 01 <P>` to the newcomer, before anything from the newcomer is
 *    relayed (its packets are only read once it is admitted). On leave: `07 02 <id>` to the rest.
 * 3. Relay `07 03 <dest> <inner>` from S: dest > 0 goes to dest if it is admitted (else dropped with
 *    `packet_dropped`, WSMP_ERR_UNKNOWN_PEER; this includes dest 1); dest <= 0 goes to every
 *    admitted peer but S and -dest, and the server takes `inner` itself unless dest == -1. The
 *    forwarded packet is `07 03 <S> <inner>`. The policy may refuse a forward: a refused dest > 0
 *    is reported with `packet_dropped`; peers left out of a broadcast are not reported.
 * 4. Packets for the server: `03 <bytes>` -> `peer_packet(from, bytes)`; RPC, path cache, spawn,
 *    despawn and sync go to the RPC layer (rpc/g4-rpc-peer.ts), which runs calls for declared
 *    nodes and answers their SIMPLIFY_PATH; what it does not consume -> `scene_packet`.
 * 5. Malformed SYS from an admitted peer (shorter than its header, unknown sub-command, relay with
 *    an empty or SYS inner packet, ADD/DEL from a client, an empty or data-less RAW packet):
 *    the peer is closed with 1002 and `protocol_error` (WSMP_ERR_PROTOCOL) fires; nothing of it
 *    reaches other peers. A late `07 00` is ignored; `07 00 <data>` outside authentication is
 *    dropped with `packet_dropped` (a client with an auth callback talking to a server without one).
 */

/** The scene-level operations a server offers on top of the dialect. */
export interface SceneServerControl {
  /** `send_bytes`: `03 <data>` to `to` (0 all, > 0 one, < 0 all but one). */
  sendBytes(data: Uint8Array, to: number): GodotError;
  /** `send_auth`: `07 00 <data>` to a pending peer. */
  sendAuth(id: number, data: Uint8Array): GodotError;
  /** `complete_auth`: this side is done with `id`. */
  completeAuth(id: number): GodotError;
  /** Ids of peers still authenticating. */
  authenticatingPeers(): number[];
}

export interface SceneServerDialect extends ServerDialect, HasRpc {
  readonly scene: SceneServerControl;
}

export function isSceneServerDialect(dialect: ServerDialect): dialect is SceneServerDialect {
  return typeof (dialect as Partial<SceneServerDialect>).scene === "object";
}

/** A server dialect factory for the godot4 wire protocol with SceneMultiplayer on top. Options are checked at once. */
export function createSceneServer(options: true | SceneServerOptions = {}): ServerDialectFactory {
  const settings = resolveSceneOptions(options);
  return (ctx) => createSceneServerDialect(ctx, settings);
}

function createSceneServerDialect(ctx: ServerDialectContext, settings: ResolvedSceneOptions): SceneServerDialect {
  const relay = settings.relay;
  /** Admitted peers, as this layer sees them (the engine's routing set, kept here to know who left). */
  const members = new Set<number>();
  const announces = relay !== RelayMode.SERVER_ONLY;
  /** The newcomer being announced (`announceJoin`), and whether it left on the way. */
  let joining: { readonly id: number; left: boolean } | undefined;
  const signal = (name: string, ...args: unknown[]): void => ctx.signal(name, ...args);
  const sendOne = (id: number, data: Payload): GodotError => ctx.sendTo(id, data);
  const rpc = new Rpc4({
    ownId: () => SERVER_PEER_ID,
    connected: () => true,
    peers: () => ctx.peerIds(),
    hasPeer: (id) => ctx.hasPeer(id),
    send: (to, packet) => void ctx.sendTo(to, packet),
    signal,
  });

  const auth = settings.auth
    ? new AuthTable(settings.auth, settings.authTimeoutMs, {
        send: (id, data) => ctx.sendTo(id, data),
        admit: (id) => {
          if (!announceJoin(id)) return;
          members.add(id);
          ctx.connected(id);
        },
        fail: (id, reason, error) => {
          signal(SceneEventName.AUTHENTICATION_FAILED, id, reason, error);
          const timedOut = reason === AuthFailureReason.TIMEOUT;
          ctx.disconnect(id, timedOut ? CloseCode.AUTH_TIMEOUT : CloseCode.AUTH_FAILED, timedOut ? "Authentication timed out" : "Authentication failed");
        },
        wake: (deadline) => ctx.wake(deadline),
      })
    : undefined;

  /**
   * Tells the others about a newcomer and the newcomer about each of them. False when the
   * newcomer was dropped on the way (its buffer refused an announcement, under `slowPeer`): the
   * peers already told hear that it left, and it never becomes a member.
   */
  function announceJoin(id: number): boolean {
    if (!announces) return true;
    const added = encodeAddPeer(id);
    const told: number[] = [];
    joining = { id, left: false };
    try {
      for (const peer of [...ctx.peerIds()]) {
        if (peer === id) continue;
        ctx.sendTo(peer, added, true);
        told.push(peer);
        // A peer dropped by that announcement was announced as gone already.
        if (ctx.hasPeer(peer)) ctx.sendTo(id, encodeAddPeer(peer), true);
        if (joining.left) {
          const removed = encodeDelPeer(id);
          for (const other of told) ctx.sendTo(other, removed, true);
          return false;
        }
      }
      return true;
    } finally {
      joining = undefined;
    }
  }

  function allowed(source: number, destination: number, command: SceneCommand): boolean | string {
    if (relay === RelayMode.GODOT) return true;
    if (relay === RelayMode.SERVER_ONLY) return false;
    try {
      return relay(source, destination, command) === true;
    } catch (error) {
      return `the relay filter threw: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  function protocolError(from: number, message: string): void {
    ctx.reject(from, CloseCode.PROTOCOL_ERROR, ErrorCode.PROTOCOL, message);
  }

  function forward(from: number, data: Payload, dest: number, inner: Uint8Array): void {
    const innerPacket = decodeScenePacket(inner);
    if (innerPacket.kind === "malformed") return protocolError(from, `relay from ${from}: inner packet: ${innerPacket.reason}`);
    if (commandOf(inner[0]!) === SceneCommand.SYS) return protocolError(from, `relay from ${from}: a SYS packet cannot be relayed`);
    const command = commandOf(inner[0]!);
    const wrapped = encodeRelay(from, inner);
    if (dest > 0) {
      if (!ctx.hasPeer(dest)) {
        ctx.dropped(inboundDrop(from, data, ErrorCode.UNKNOWN_PEER, `relay from ${from} to ${dest}: not a connected peer`));
        return;
      }
      const verdict = allowed(from, dest, command);
      if (verdict !== true) {
        const why = typeof verdict === "string" ? verdict : `the relay policy does not let ${from} reach ${dest}`;
        ctx.dropped(inboundDrop(from, data, ErrorCode.UNKNOWN_PEER, why));
        return;
      }
      ctx.sendTo(dest, wrapped, true);
      return;
    }
    // A live walk: a peer the relay filter disconnects on the way is skipped, not sent to.
    for (const peer of ctx.peerIds()) {
      if (peer !== from && peer !== -dest && allowed(from, peer, command) === true) ctx.sendTo(peer, wrapped, true);
    }
    if (dest !== -1) toServer(from, innerPacket, true);
  }

  function toServer(from: number, packet: ScenePacket, relayed: boolean): void {
    if (packet.kind === "raw" || (packet.kind === "other" && !rpc.receive(from, packet.data))) surface(signal, from, packet, relayed);
  }

  const control: SceneServerControl = {
    sendBytes(data, to) {
      if (data.byteLength === 0) return GodotError.ERR_INVALID_DATA;
      // Per-peer failures are reported through `packet_dropped`, as with putPacket.
      return forEachTarget(ctx.peerIds(), ctx.hasPeer, to, 0, sendOne, encodeRaw(data));
    },
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

  return {
    name: "godot4",
    packetApi: true,
    packetOverhead: 9,
    scene: control,
    rpc,
    admit(id) {
      if (ctx.sendTo(id, encodeIdMessage(id)) !== GodotError.OK) return false;
      if (auth) {
        auth.begin(id, ctx.now());
        signal(SceneEventName.AUTHENTICATING, id);
        return "deferred";
      }
      if (!announceJoin(id)) return false;
      members.add(id);
      return true;
    },
    leave(id) {
      if (joining?.id === id) {
        joining.left = true;
        return;
      }
      if (auth?.forget(id)) {
        signal(SceneEventName.AUTHENTICATION_FAILED, id, AuthFailureReason.DISCONNECTED);
        return;
      }
      if (!members.delete(id)) return;
      rpc.peerLeft(id);
      if (!announces) return;
      const removed = encodeDelPeer(id);
      for (const peer of [...ctx.peerIds()]) ctx.sendTo(peer, removed, true);
    },
    receive(from, data) {
      const packet = decodeScenePacket(toBytes(data));
      if (auth?.isPending(from)) {
        const refusal = auth.receive(from, packet);
        if (refusal !== undefined) ctx.dropped(inboundDrop(from, data, ErrorCode.PROTOCOL, refusal));
        return;
      }
      // Past authentication every sender is a member: the engine passes on messages of open peers only.
      switch (packet.kind) {
        case "malformed":
          return protocolError(from, `packet from ${from}: ${packet.reason}`);
        case "auth_complete":
          return; // a late confirmation: both sides already completed
        case "auth":
          ctx.dropped(inboundDrop(from, data, ErrorCode.PROTOCOL, `authentication data from ${from}, which is not authenticating (does the server have an auth callback?)`));
          return;
        case "add_peer":
        case "del_peer":
          return protocolError(from, `packet from ${from}: ADD_PEER/DEL_PEER only come from the server`);
        case "relay":
          return forward(from, data, packet.peer, packet.inner);
        default:
          return toServer(from, packet, false);
      }
    },
    put(target, data) {
      // Godot's PacketPeer sends nothing for an empty packet and reports OK.
      if (isEmptyPayload(data)) return GodotError.OK;
      return forEachTarget(ctx.peerIds(), ctx.hasPeer, target, 0, sendOne, data);
    },
    tick(now) {
      auth?.tick(now);
    },
    nextDeadline() {
      return auth?.nextDeadline();
    },
  };
}
