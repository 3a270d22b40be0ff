import type { Payload } from "../shared/bytes.js";
import type { MultiplayerClient } from "../api/multiplayer-client.js";
import { GodotError, SERVER_PEER_ID, TransferMode } from "../shared/constants.js";
import { Emitter, type EventMap } from "../shared/emitter.js";
import { routeListenerErrors } from "../api/listener-errors.js";
import { GODOT3_DEFAULT_BUFFERS, type Godot3Buffers } from "./godot3-buffers.js";
import type { MultiplayerServer } from "../api/multiplayer-server.js";
import type { Runtime } from "../contract/transport.js";
import { maxPacketSize } from "../engine/outbound-limit.js";
import { GODOT3_HEADER_SIZE } from "../dialects/godot3-dialect.js";
import { InvalidStateError } from "../shared/errors.js";
import type { MethodMap, NodeDeclaration } from "../dialects/rpc/rpc-types.js";
import type { NodeMethods, NodeProperties, PropertyMap, RpcNode } from "../api/rpc-node.js";

/**
 * What Godot 3's `WebSocketServer` and `WebSocketClient` share: both wrap the wsmp facade of
 * their current connection (`inner`, replaced on each `listen` / `connectToUrl`) and answer the
 * `NetworkedMultiplayerPeer` packet calls through it, or as Godot 3 does before it exists.
 */
export abstract class Godot3PeerBase<E extends EventMap<E>, I extends MultiplayerServer | MultiplayerClient> {
  /** A listener that throws is reported as for the wsmp facades (`routeListenerErrors`): never out of a socket callback. */
  readonly events: Emitter<E> = new Emitter<E>(routeListenerErrors(() => this.events, () => this.runtime));
  /** `target_peer` for `putPacket` in multiplayer mode (0 all, >0 one, <0 all but one). */
  targetPeer = 0;
  transferMode: TransferMode = TransferMode.RELIABLE;
  protected readonly buffers: Godot3Buffers = { ...GODOT3_DEFAULT_BUFFERS };
  protected inner: I | undefined;
  /** True when `inner` speaks Godot 3's multiplayer protocol (`gdMpApi`), false in raw mode. */
  // Stryker disable next-line BooleanLiteral: read only once `inner` is set, and whatever sets `inner` sets this too
  protected multiplayerMode = false;

  constructor(protected readonly runtime: Runtime) {}

  /** Runs due handshake and close deadlines. Events themselves fire as they arrive. */
  poll(): GodotError {
    return this.inner?.poll() ?? GodotError.OK;
  }

  putPacket(data: Payload | ArrayBuffer): GodotError {
    if (!this.inner) return GodotError.ERR_UNCONFIGURED;
    this.inner.targetPeer = this.targetPeer;
    return this.inner.putPacket(data);
  }

  setTargetPeer(id: number): void {
    this.targetPeer = id;
  }

  getPacket(): Uint8Array | undefined {
    return this.inner?.getPacket();
  }

  getAvailablePacketCount(): number {
    return this.inner?.getAvailablePacketCount() ?? 0;
  }

  /** The real sender of the oldest queued packet (another client when relayed); 1 when none. */
  getPacketPeer(): number {
    return this.inner?.getPacketPeer() ?? SERVER_PEER_ID;
  }

  getMaxPacketSize(): number {
    return this.inner?.getMaxPacketSize() ?? maxPacketSize(this.buffers.outboundBufferSize, GODOT3_HEADER_SIZE);
  }

  /**
   * Declares a node this side shares with the Godot 3 game, for RPCs and `rset` (Godot 3's
   * `rpc_id`, `rset_id`, `remote func`... on a Node): the same as `multiplayer.node(path,
   * declaration)`, see docs/godot-rpc.md. The node belongs to the current connection, so call it
   * after `listen(port, protocols, true)` / `connectToUrl(url, protocols, true)`; a later
   * `listen` or `connectToUrl` starts without nodes (declare them again). Throws
   * `InvalidStateError` before that and in raw mode (`gdMpApi` false), `InvalidArgumentError`
   * for a bad declaration or a path declared twice.
   */
  node<M extends MethodMap = never, P extends PropertyMap = never, const D extends NodeDeclaration = NodeDeclaration>(
    path: string,
    declaration: D,
  ): RpcNode<NodeMethods<M, D>, NodeProperties<P, D>> {
    const inner: MultiplayerServer | MultiplayerClient | undefined = this.inner;
    if (!inner || !this.multiplayerMode) throw new InvalidStateError("node() needs Godot 3's multiplayer mode: call listen(port, protocols, true) or connectToUrl(url, protocols, true) first");
    return inner.node<M, P, D>(path, declaration);
  }

  /** The underlying wsmp facade (idiomatic API: `send`, `for await`, typed events), once started. */
  get multiplayer(): I | undefined {
    return this.inner;
  }
}
