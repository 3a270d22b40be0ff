import type { Payload } from "../shared/bytes.js";
import { GodotError, SERVER_PEER_ID, TransferMode } from "../shared/constants.js";
import { DeadlineTimer } from "./deadline-timer.js";
import type { DialectName, DropInfo } from "../engine/dialect-contract.js";
import { Emitter, type EventMap } from "../shared/emitter.js";
import { errorFromGodot, InvalidArgumentError, InvalidStateError, WsmpError } from "../shared/errors.js";
import type { Packet } from "../engine/inbound-queue.js";
import type { PacketInbox } from "../engine/packet-inbox.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { checkPayload, PacketReader } from "./packet-reader.js";
import { routeListenerErrors } from "./listener-errors.js";
import type { ProtocolErrorInfo } from "../engine/server-engine.js";
import type { Runtime } from "../contract/transport.js";
import type { DespawnEvent, SpawnEvent, SyncEvent } from "../dialects/rpc/replication-watch.js";
import type { ScenePacketEvent } from "../dialects/scene/scene-events.js";
import type { AuthFailureReason } from "../dialects/scene/scene-options.js";
import { decodeVariant } from "../dialects/variant/decode-variant.js";
import { encodeVariant } from "../dialects/variant/encode-variant.js";
import type { GodotValue } from "../dialects/variant/godot-value.js";
import { hasRpc } from "../dialects/rpc/rpc-control.js";
import type { MethodMap, NodeDeclaration } from "../dialects/rpc/rpc-types.js";
import type { RpcErrorEvent } from "../dialects/rpc/rpc-registry.js";
import { type NodeMethods, type NodeProperties, type PropertyMap, RpcNode } from "./rpc-node.js";

/** The part of a server or client engine that both facades drive the same way. */
export interface FacadeEngine {
  readonly options: PeerOptions;
  readonly inbox: PacketInbox;
  readonly dialect: { readonly packetApi: boolean; readonly name: DialectName };
  setOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void;
  maxPacketSize(): number;
  tick(now: number): number | undefined;
  put(target: number, data: Payload): GodotError;
  peerIds(): number[];
  getUniqueId(): number;
}

/** What a facade hands the engine it builds: where events go, when to wake, what time it is. */
export interface EngineHooks<Ev> {
  readonly clock: () => number;
  readonly emit: (event: Ev) => void;
  readonly wake: (deadline: number) => void;
  readonly listens: (name: string) => boolean;
}

/** The events every facade has; a `packet` listener switches it to push mode. */
export interface SharedEvents {
  /** A packet arrived. Having a listener switches the peer to push mode (the queue is drained into it). */
  packet: (packet: Packet) => void;
  /** A packet was not delivered or not sent; the reason says why. */
  packet_dropped: (info: DropInfo) => void;
  /** The other side broke the protocol and the connection was closed. */
  protocol_error: (info: ProtocolErrorInfo) => void;
  /** RPC layer (`node()`): a call, set or node-path cache message from a peer was refused; nothing ran. */
  rpc_error: (event: RpcErrorEvent) => void;
  /**
   * Something failed that no call could report: an event listener threw (a `WsmpError` with code
   * `WSMP_ERR_LISTENER`, the thrown value as `cause`), or, on a server, listening failed. Without
   * an `error` listener a thrown listener error goes to the runtime's console instead; either
   * way the peer keeps running.
   */
  error: (error: unknown) => void;
}

/** Events of the Godot layers above the transport, the same on a server and a client. */
export interface SceneLayerEvents {
  /**
   * A packet from peer `from`. Godot 3 (`godot3` dialect): it was queued for `getPacket`, no
   * `data`. Godot 4 scene layer (`scene` option): `data` is the `send_bytes` payload (not queued).
   */
  peer_packet: (from: number, data?: Uint8Array) => void;
  /** Godot 4 scene layer (`scene` option): peer `id` started in-band authentication (on a client, the server, id 1). */
  peer_authenticating: (id: number) => void;
  /** Godot 4 scene layer: `id`'s authentication ended without admission; `error` is set for `callback_error`. */
  peer_authentication_failed: (id: number, reason: AuthFailureReason, error?: unknown) => void;
  /**
   * Godot 4 scene layer: an RPC, path-cache or replication packet the RPC layer did not consume
   * (a node you did not declare, any SPAWN / DESPAWN / SYNC), command decoded.
   */
  scene_packet: (packet: ScenePacketEvent) => void;
  /** Godot 4 scene layer: a peer's MultiplayerSpawner spawned a node (SPAWN, decoded). */
  spawned: (event: SpawnEvent) => void;
  /** Godot 4 scene layer: a spawned node was freed (DESPAWN). */
  despawned: (event: DespawnEvent) => void;
  /** Godot 4 scene layer: a MultiplayerSynchronizer's "always" properties (one SYNC record). */
  synchronized: (event: SyncEvent) => void;
  /** Godot 4 scene layer: a MultiplayerSynchronizer's changed "on change" properties (one delta record). */
  delta_synchronized: (event: SyncEvent) => void;
}

/** Engine events both facades pass on the same way. */
export type SharedEngineEvent =
  | { readonly type: "packet_available" }
  | { readonly type: "packet_dropped"; readonly info: DropInfo }
  | { readonly type: "protocol_error"; readonly info: ProtocolErrorInfo }
  | { readonly type: "signal"; readonly name: string; readonly args: readonly unknown[] };

/**
 * What `MultiplayerServer` and `MultiplayerClient` share: the typed events, the packet reader
 * (pull, push, `for await`), the deadline timer, the six settings of Godot's
 * `WebSocketMultiplayerPeer`, and the `MultiplayerPeer` methods that behave the same on both
 * sides. The subclass passes a function that builds its engine with the hooks given here.
 */
export abstract class MultiplayerPeerBase<E extends SharedEvents & EventMap<E>, G extends FacadeEngine, Ev extends { readonly type: string }>
  implements AsyncIterable<Packet>
{
  /** Where an error thrown by application code called from an event goes (see `routeListenerErrors`). */
  protected readonly applicationError = routeListenerErrors(() => this.events, () => this.runtime);
  readonly events: Emitter<E> = new Emitter<E>(this.applicationError);
  /** Godot's `transfer_channel`; WebSocket has one ordered channel, so it is kept but not used. */
  transferChannel = 0;
  /** Godot's `transfer_mode`; always reliable over WebSocket. */
  readonly transferMode = TransferMode.RELIABLE;
  protected readonly engine: G;
  protected readonly timer: DeadlineTimer;
  protected readonly reader: PacketReader;

  constructor(
    protected readonly runtime: Runtime,
    buildEngine: (hooks: EngineHooks<Ev>) => G,
  ) {
    this.timer = new DeadlineTimer(runtime, (now) => this.engine.tick(now));
    this.engine = buildEngine({
      clock: () => runtime.now(),
      emit: (event) => this.onEngineEvent(event),
      wake: (deadline) => this.timer.wake(deadline),
      listens: (name) => this.events.listenerCount(name as keyof E) > 0,
    });
    this.reader = new PacketReader(
      this.engine.inbox,
      () => this.events.listenerCount("packet") > 0,
      (packet) => this.events.dispatchOne("packet", packet),
    );
  }

  /** Godot's `target_peer`: where `putPacket` sends. */
  abstract targetPeer: number;

  /** True when calls can go out (a client is connected, a server listens). */
  protected abstract rpcReady(): boolean;

  /** Handles one engine event; side-specific ones first, the rest through `onSharedEvent`. */
  protected abstract onEngineEvent(event: Ev): void;

  /** Passes on an engine event whose handling does not depend on the side. */
  protected onSharedEvent(event: SharedEngineEvent): void {
    switch (event.type) {
      case "packet_available":
        this.reader.available();
        break;
      case "packet_dropped":
        this.events.dispatch("packet_dropped", [event.info]);
        break;
      case "protocol_error":
        this.events.dispatch("protocol_error", [event.info]);
        break;
      case "signal":
        // Dialect signals (Godot 3's `peer_packet`, the scene layer's events) are named by the dialect.
        this.events.dispatch(event.name, event.args);
        break;
    }
  }

  /**
   * The idiomatic send: throws a `WsmpError` when nothing went out, naming why (a one-peer send
   * that the outbound limits refused included, which Godot's `put_packet` does not report).
   */
  protected sendChecked(to: number, data: Payload | ArrayBuffer): void {
    if (!Number.isInteger(to)) throw new InvalidArgumentError(`target must be an integer peer id, got ${String(to)}`);
    const payload = checkPayload(data, "send");
    const { err, drop } = this.engine.inbox.watchOutbound(to, () => this.engine.put(to, payload));
    if (err !== GodotError.OK && drop === undefined) throw errorFromGodot(err, "send");
    if (drop !== undefined) throw new WsmpError(drop.code, `send: ${drop.reason}`, { godotError: GodotError.ERR_OUT_OF_MEMORY });
  }

  // ---- the six WebSocketMultiplayerPeer settings ------------------------------------------
  // Setters validate at once (throwing `InvalidArgumentError`); new values apply to connections
  // made afterwards, and the limits apply at once to existing peers.

  get handshakeHeaders(): string[] {
    return [...this.engine.options.handshakeHeaders];
  }
  set handshakeHeaders(value: readonly string[]) {
    this.engine.setOption("handshakeHeaders", value);
  }

  /** Seconds. */
  get handshakeTimeout(): number {
    return this.engine.options.handshakeTimeout;
  }
  set handshakeTimeout(value: number) {
    this.engine.setOption("handshakeTimeout", value);
  }

  get inboundBufferSize(): number {
    return this.engine.options.inboundBufferSize;
  }
  set inboundBufferSize(value: number) {
    this.engine.setOption("inboundBufferSize", value);
  }

  get maxQueuedPackets(): number {
    return this.engine.options.maxQueuedPackets;
  }
  set maxQueuedPackets(value: number) {
    this.engine.setOption("maxQueuedPackets", value);
  }

  get outboundBufferSize(): number {
    return this.engine.options.outboundBufferSize;
  }
  set outboundBufferSize(value: number) {
    this.engine.setOption("outboundBufferSize", value);
  }

  get supportedProtocols(): string[] {
    return [...this.engine.options.supportedProtocols];
  }
  set supportedProtocols(value: readonly string[]) {
    this.engine.setOption("supportedProtocols", value);
  }

  // ---- idiomatic face ----------------------------------------------------------------------

  on<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.on(name, listener);
    if (name === "packet") this.reader.available();
    return this;
  }

  once<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.once(name, listener);
    if (name === "packet") this.reader.available();
    return this;
  }

  off<K extends keyof E>(name: K, listener: E[K]): this {
    this.events.off(name, listener);
    return this;
  }

  /** Pops the oldest packet with its sender, or `undefined`. */
  receive(): Packet | undefined {
    return this.reader.receive();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Packet> {
    return this.reader.iterate();
  }

  /** Ids of the peers this side knows, in the order they joined. */
  get peers(): number[] {
    return this.engine.peerIds();
  }

  /** Packets dropped so far (inbound queue full, outbound buffer full, dialect drops). */
  get droppedPacketCount(): number {
    return this.engine.inbox.droppedPacketCount;
  }

  // ---- Godot's high-level multiplayer: RPCs ---------------------------------------------------

  /**
   * Declares a node this side shares with a Godot game (Godot 4: the `scene` option; Godot 3: the
   * `godot3` dialect) and returns its handle: `on(method, handler)`, `rpc`, `rpcId` (Godot 3 also
   * `rset`, `rsetId`, `onSet`). Argument types come from the declaration's `args`, or from `M`:
   * `server.node<{ move: [Vector2] }>("Game/World", { rpc: { move: { mode: "any_peer" } } })`.
   * Throws `InvalidArgumentError` for a bad declaration or a path declared twice, and
   * `InvalidStateError` when the dialect has no RPC layer. See docs/godot-rpc.md.
   */
  node<M extends MethodMap = never, P extends PropertyMap = never, const D extends NodeDeclaration = NodeDeclaration>(
    path: string,
    declaration: D,
  ): RpcNode<NodeMethods<M, D>, NodeProperties<P, D>> {
    const dialect = this.engine.dialect;
    if (!hasRpc(dialect)) throw new InvalidStateError("node() needs Godot's multiplayer protocol: the scene option (Godot 4) or the godot3 dialect");
    return new RpcNode(dialect.rpc, path, declaration, () => this.rpcReady());
  }

  /** The Variant format of this peer's dialect: 3 for `godot3` and `raw` (Godot 3), else 4. */
  get variantVersion(): 3 | 4 {
    const name = this.engine.dialect.name;
    return name === "godot3" || name === "raw" ? 3 : 4;
  }

  /** PacketPeer `put_var`: one packet holding `value` in Godot's Variant format (`putPacket` rules). */
  putVar(value: GodotValue, fullObjects = false): GodotError {
    return this.putPacket(encodeVariant(value, { version: this.variantVersion, allowObjects: fullObjects }));
  }

  /**
   * PacketPeer `get_var`: the next queued packet decoded as a Variant, `undefined` when none is
   * queued. Bytes that are not a Variant throw `VariantError` (the packet is consumed).
   */
  getVar(allowObjects = false): GodotValue | undefined {
    const packet = this.getPacket();
    return packet === undefined ? undefined : decodeVariant(packet, { version: this.variantVersion, allowObjects }).value;
  }

  // ---- Godot face --------------------------------------------------------------------------

  /** Runs due timers (handshake and close deadlines). Socket events are handled as they arrive. */
  poll(): GodotError {
    const next = this.engine.tick(this.runtime.now());
    if (next !== undefined) this.timer.wake(next);
    return GodotError.OK;
  }

  putPacket(data: Payload | ArrayBuffer): GodotError {
    return this.engine.put(this.targetPeer, checkPayload(data, "putPacket"));
  }

  setTargetPeer(id: number): void {
    this.targetPeer = id;
  }

  getPacket(): Uint8Array | undefined {
    return this.reader.getPacket();
  }

  wasStringPacket(): boolean {
    return this.reader.wasStringPacket();
  }

  getAvailablePacketCount(): number {
    return this.engine.dialect.packetApi ? this.engine.inbox.availablePackets : 0;
  }

  /** Source of the oldest queued packet; 1 when the queue is empty (as Godot). */
  getPacketPeer(): number {
    return this.engine.inbox.peekSource() ?? SERVER_PEER_ID;
  }

  getPacketChannel(): number {
    return 0;
  }

  getPacketMode(): TransferMode {
    return TransferMode.RELIABLE;
  }

  getUniqueId(): number {
    return this.engine.getUniqueId();
  }

  isServerRelaySupported(): boolean {
    return true;
  }

  getMaxPacketSize(): number {
    return this.engine.maxPacketSize();
  }
}
