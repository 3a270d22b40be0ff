import type { Payload } from "../shared/bytes.js";
import { ConnectionStatus,GodotError } from "../shared/constants.js";
import type { ServerDialectFactory } from "../engine/dialect-contract.js";
import { InvalidArgumentError,InvalidStateError } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { MultiplayerPeerBase,type SceneLayerEvents,type SharedEvents } from "./multiplayer-peer-base.js";
import { type DialectChoice,resolveServerDialect } from "./dialect-choice.js";
import { PeerHandle } from "./peer-handle.js";
import { serverPeerSource } from "./peer-handle-sources.js";
import { type CloseInfo,type HandshakeFailure,ServerEngine,type ServerEvent,type ServerPeerRecord } from "../engine/server-engine.js";
import type { ListenResult,Runtime,ServerTransport,TlsServerOptions } from "../contract/transport.js";
import { checkClose } from "../shared/close-codes.js";
import { sceneBytes,serverScene } from "./scene-control.js";
import { encodeVariant } from "../dialects/variant/encode-variant.js";
import type { GodotValue } from "../dialects/variant/godot-value.js";
import type { RefusalReason,ServerLimits } from "../shared/server-limits.js";
import { checkHeartbeatSupported } from "./heartbeat-support.js";
import type { Traffic } from "../engine/traffic.js";

/** Events of a server, named after Godot's signals where Godot has one. */
export interface ServerEvents extends SharedEvents, SceneLayerEvents {
  /** A peer was given its id. */
  peer_connected: (id: number, protocol: string) => void;
  /** A connected peer left (remote close, `disconnectPeer`, or a protocol violation). */
  peer_disconnected: (id: number, info: CloseInfo) => void;
  /** A peer sent a close frame before the server did (Godot 3's `client_close_request`). */
  client_close_request: (id: number, code: number, reason: string) => void;
  /** A connection never became a peer (timeout, subprotocol mismatch, refused). */
  handshake_failed: (info: HandshakeFailure) => void;

  /** Godot 3 raw mode (`raw` dialect): a message from peer `id` is waiting in `getPeer(id)`. */
  data_received: (id: number) => void;
  listening: (address: ListenResult) => void;
  /** The server stopped (after `close()`). */
  close: () => void;
}

export interface ServerConfig {
  readonly port: number;
  readonly bindAddress?: string | undefined;
  readonly tls?: TlsServerOptions | undefined;
  readonly options?: Partial<PeerOptions> | undefined;
  /** Server-only protections (caps, admission, rate limits, slow peers); see docs/security.md. */
  readonly limits?: Partial<ServerLimits> | undefined;
  /** A built-in dialect by name or a factory; godot4 when omitted. */
  readonly dialect?: DialectChoice<ServerDialectFactory> | undefined;
}

function checkServerConfig(config: ServerConfig): void {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new InvalidArgumentError(`port must be an integer in [0, 65535], got ${String(config.port)}`);
  }
  if (config.tls !== undefined && config.tls.kind !== "server") {
    throw new InvalidArgumentError("createServer needs server TLS options (TLSOptions.server)");
  }
}

/**
 * A WebSocket multiplayer server with Godot's API (`putPacket`, `getPacket`, `poll`, signals by
 * Godot name) and an idiomatic one (`await listen()`, `send(to, data)`, typed events,
 * `for await`). Adapters create it with their transport and runtime.
 */
export class MultiplayerServer extends MultiplayerPeerBase<ServerEvents, ServerEngine, ServerEvent> {
  /** Godot's `target_peer`: where `putPacket` sends (0 all, >0 one, <0 all but one). */
  targetPeer = 0;
  readonly port: number;
  readonly bindAddress: string;
  private listening: Promise<ListenResult> | undefined;
  private address: ListenResult | undefined;
  private stopping: Promise<void> | undefined;
  private readonly handles = new WeakMap<ServerPeerRecord, PeerHandle>();
  private readonly transport: ServerTransport;

  constructor(
    transport: ServerTransport,
    runtime: Runtime,
    private readonly config: ServerConfig,
  ) {
    checkServerConfig(config);
    checkHeartbeatSupported(transport.capabilities.ping, config.options?.heartbeatInterval);
    super(runtime, (hooks) => new ServerEngine({ ...hooks, random: runtime.random, options: config.options, limits: config.limits, dialect: resolveServerDialect(config.dialect) }));
    this.port = config.port;
    this.bindAddress = config.bindAddress ?? "*";
    this.transport = transport;
  }

  // ---- idiomatic face ----------------------------------------------------------------------

  /** Binds the port. Resolves with the bound address; rejects with a `WsmpError` if binding fails. Idempotent. */
  listen(): Promise<ListenResult> {
    if (this.stopping) return Promise.reject(new InvalidStateError("the server was closed; create a new one"));
    this.listening ??= this.transport
      .listen({
        port: this.port,
        bindAddress: this.bindAddress,
        tls: this.config.tls,
        options: this.engine.options,
        accept: (socket, acceptedAt) => this.engine.accept(socket, acceptedAt ?? this.runtime.now()),
      })
      .then((address) => {
        // Closed while binding: `close()` releases the port; the server never starts.
        if (this.stopping) return address;
        this.address = address;
        this.engine.started();
        this.events.emit("listening", address);
        return address;
      }, (error: unknown) => {
        // A failed bind leaves the server DISCONNECTED; `listen()` may be called again.
        this.listening = undefined;
        throw error;
      });
    return this.listening;
  }

  /**
   * Connections refused before they became peers (a cap, `allowedOrigins`, the `admit` hook,
   * `refuseNewConnections`, no common subprotocol): in all and by reason. Each refusal also fires
   * `handshake_failed` with its `refusal` reason.
   */
  get refusals(): { readonly total: number; readonly byReason: Readonly<Record<RefusalReason, number>> } {
    return this.engine.refusals;
  }

  /** The server-only protections in force (read-only; set them in `createServer`'s options). */
  get limits(): Readonly<ServerLimits> {
    return this.engine.limits;
  }

  /** Connections not yet gone: handshakes in progress, open peers and peers still closing. */
  get liveConnections(): number {
    return this.engine.liveConnections;
  }

  /** The bound address, once listening. */
  get boundAddress(): ListenResult | undefined {
    return this.address;
  }

  /** Messages and bytes received and sent since the server was created (a live view; see `Traffic`). */
  get traffic(): Traffic {
    return this.engine.traffic;
  }

  /** Sends `data` to `to` (0 all, >0 one, <0 all but one). Throws a `WsmpError` when nothing could be sent. */
  send(to: number, data: Payload | ArrayBuffer): void {
    // Godot's put_packet ignores one peer's send error; `send` to one peer reports it, as nothing was sent.
    this.sendChecked(to, data);
  }

  // ---- Godot 4 SceneMultiplayer (the `scene` option; these throw InvalidStateError without it) ---

  /** `send_bytes`: `03 <data>` to `to` (0 all, > 0 one, < 0 all but one); clients get `peer_packet(1, data)`. */
  sendBytes(data: Payload | ArrayBuffer, to = 0): GodotError {
    const scene = serverScene(this.engine.dialect, "sendBytes");
    if (this.engine.getConnectionStatus() !== ConnectionStatus.CONNECTED) return GodotError.ERR_UNCONFIGURED;
    return scene.sendBytes(sceneBytes(data, "sendBytes"), to);
  }

  /** `send_bytes(var_to_bytes(value), to)`: one Variant as raw bytes (clients decode it with `bytes_to_var`). */
  sendVar(value: GodotValue, to = 0, fullObjects = false): GodotError {
    return this.sendBytes(encodeVariant(value, { version: 4, allowObjects: fullObjects }), to);
  }

  /** `send_auth`: authentication bytes (`07 00 <data>`) to a peer that is authenticating. */
  sendAuth(id: number, data: Payload | ArrayBuffer): GodotError {
    const scene = serverScene(this.engine.dialect, "sendAuth");
    if (this.engine.getConnectionStatus() !== ConnectionStatus.CONNECTED) return GodotError.ERR_UNCONFIGURED;
    return scene.sendAuth(id, sceneBytes(data, "sendAuth"));
  }

  /** `complete_auth`: this side accepts `id`; it is admitted once it has completed too. */
  completeAuth(id: number): GodotError {
    const scene = serverScene(this.engine.dialect, "completeAuth");
    if (this.engine.getConnectionStatus() !== ConnectionStatus.CONNECTED) return GodotError.ERR_UNCONFIGURED;
    return scene.completeAuth(id);
  }

  /** `get_authenticating_peers`: ids still authenticating. */
  getAuthenticatingPeers(): number[] {
    return serverScene(this.engine.dialect, "getAuthenticatingPeers").authenticatingPeers();
  }

  // ---- Godot face --------------------------------------------------------------------------

  getConnectionStatus(): ConnectionStatus {
    if (this.engine.getConnectionStatus() === ConnectionStatus.CONNECTED) return ConnectionStatus.CONNECTED;
    return this.listening && !this.stopping ? ConnectionStatus.CONNECTING : ConnectionStatus.DISCONNECTED;
  }

  isServer(): boolean {
    return true;
  }

  protected rpcReady(): boolean {
    return this.isListening();
  }

  isListening(): boolean {
    return this.engine.getConnectionStatus() === ConnectionStatus.CONNECTED;
  }

  get refuseNewConnections(): boolean {
    return this.engine.refuseNewConnections;
  }

  set refuseNewConnections(value: boolean) {
    this.engine.refuseNewConnections = value;
  }

  hasPeer(id: number): boolean {
    return this.engine.hasPeer(id);
  }

  /**
   * Godot 4: `disconnectPeer(id, force = false)`. Godot 3: `disconnectPeer(id, code = 1000, reason = "")`.
   * Returns false when no such peer is live.
   */
  disconnectPeer(id: number, forceOrCode: boolean | number = false, reason = ""): boolean {
    if (typeof forceOrCode === "boolean") return this.engine.disconnectPeer(id, { force: forceOrCode });
    checkClose(forceOrCode, reason);
    return this.engine.disconnectPeer(id, { code: forceOrCode, reason });
  }

  /** A handle on one connected peer (the same object each time), or `undefined`. */
  getPeer(id: number): PeerHandle | undefined {
    const record = this.engine.getPeer(id);
    if (!record) return undefined;
    let handle = this.handles.get(record);
    if (!handle) this.handles.set(record, (handle = new PeerHandle(serverPeerSource(this.engine, record))));
    return handle;
  }

  getPeerAddress(id: number): string {
    return this.engine.getPeer(id)?.connection?.remoteAddress ?? "";
  }

  getPeerPort(id: number): number {
    return this.engine.getPeer(id)?.connection?.remotePort ?? 0;
  }

  /**
   * Stops the server: peers get a 1000 close frame, no peer events fire, the port is released.
   * The promise resolves once every socket is closed. Safe to call more than once.
   */
  close(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.engine.close();
    this.reader.end();
    const listening = this.listening ?? Promise.resolve(undefined);
    this.stopping = listening
      .catch(() => undefined)
      .then(() => this.transport.stop())
      .then(() => {
        // Connections still in their close handshake keep the timer until their close deadline.
        if (this.engine.liveConnections === 0) this.timer.stop();
        this.events.emit("close");
      });
    return this.stopping;
  }

  /** Godot 3's name for `close()`. */
  stop(): Promise<void> {
    return this.close();
  }

  protected onEngineEvent(event: ServerEvent): void {
    switch (event.type) {
      case "peer_connected":
        this.events.emit("peer_connected", event.id, event.protocol);
        break;
      case "peer_disconnected":
        this.events.emit("peer_disconnected", event.id, event.info);
        break;
      case "close_request":
        this.events.emit("client_close_request", event.id, event.code, event.reason);
        break;
      case "handshake_failed":
        this.events.emit("handshake_failed", event.info);
        break;
      case "hook_error":
        this.applicationError(event.error, "admit");
        break;
      default:
        this.onSharedEvent(event);
    }
  }
}
