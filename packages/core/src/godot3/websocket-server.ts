import { ConnectionStatus, GodotError } from "../shared/constants.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { createGodot3Server } from "../dialects/godot3-dialect.js";
import { createRawServer } from "../dialects/raw-dialect.js";
import { InvalidArgumentError, InvalidStateError, isWsmpError } from "../shared/errors.js";
import { applyGodot3Buffers } from "./godot3-buffers.js";
import { Godot3PeerBase } from "./godot3-peer-base.js";
import { validateOption } from "../shared/peer-options.js";
import type { PeerHandle } from "../api/peer-handle.js";
import type { HandshakeFailure, ProtocolErrorInfo } from "../engine/server-engine.js";
import type { RpcErrorEvent } from "../dialects/rpc/rpc-registry.js";
import { MultiplayerServer } from "../api/multiplayer-server.js";
import type { ListenResult, Pem, Runtime, ServerTransport } from "../contract/transport.js";

/** Signals of Godot 3's `WebSocketServer` (and its multiplayer peer), plus wsmp's diagnostics. */
export interface WebSocketServerEvents {
  /** Raw mode: a client finished its handshake. */
  client_connected: (id: number, protocol: string) => void;
  /** Raw mode: a client is gone. `wasCleanClose` is true when its close frame was received. */
  client_disconnected: (id: number, wasCleanClose: boolean) => void;
  /** A client sent a close frame before the server did (both modes). */
  client_close_request: (id: number, code: number, reason: string) => void;
  /** Raw mode: a message from `id` waits in `getPeer(id)`. */
  data_received: (id: number) => void;
  /** Multiplayer mode: a client joined (after the server sent its system messages). */
  peer_connected: (id: number) => void;
  /** Multiplayer mode: a client left (after SYS_DEL went to the others). */
  peer_disconnected: (id: number) => void;
  /** Multiplayer mode: a packet from `from` was queued for `getPacket`. */
  peer_packet: (from: number) => void;
  packet_dropped: (info: DropInfo) => void;
  protocol_error: (info: ProtocolErrorInfo) => void;
  /** Multiplayer mode, `node()`: a call, set or path-cache message from a peer was refused; nothing ran. */
  rpc_error: (event: RpcErrorEvent) => void;
  handshake_failed: (info: HandshakeFailure) => void;
  /** Binding the port failed (after `listen` returned OK). */
  error: (error: unknown) => void;
}

/**
 * Godot 3's `WebSocketServer`, on any wsmp transport. `listen(port, protocols, gdMpApi)` picks
 * the wire protocol: `gdMpApi = true` speaks Godot 3's multiplayer protocol (the `godot3`
 * dialect, with the relay), `false` (default) plain per-peer messages (the `raw` dialect).
 * The server can listen again after `stop()`. Signals fire as events arrive; `poll()` only runs
 * due timers and is safe to call every frame.
 */
export class WebSocketServer extends Godot3PeerBase<WebSocketServerEvents, MultiplayerServer> {
  private bind = "*";
  private key: Pem | undefined;
  private certificate: Pem | undefined;
  private chain: Pem | undefined;
  private timeout = 3;
  private extraHeaders: readonly string[] = [];
  private refusing = false;
  private readonly bindFailed = new WeakSet<MultiplayerServer>();

  constructor(
    private readonly newTransport: () => ServerTransport,
    runtime: Runtime,
  ) {
    super(runtime);
  }

  /**
   * Starts listening. ERR_ALREADY_IN_USE when already listening, ERR_INVALID_PARAMETER for a bad
   * port or subprotocol (Godot-style: the code is returned, nothing is thrown). A bind failure
   * comes later, as the `error` event and the rejection of `ready()`.
   */
  listen(port: number, protocols: readonly string[] = [], gdMpApi = false): GodotError {
    if (this.inner && !this.stopped(this.inner)) return GodotError.ERR_ALREADY_IN_USE;
    const tls = this.key !== undefined && this.certificate !== undefined ? { kind: "server" as const, key: this.key, certificate: this.certificate, caChain: this.chain } : undefined;
    let server: MultiplayerServer;
    try {
      server = new MultiplayerServer(this.newTransport(), this.runtime, {
        port,
        bindAddress: this.bind,
        tls,
        dialect: gdMpApi ? createGodot3Server : createRawServer,
        options: { ...this.buffers, handshakeTimeout: this.timeout, handshakeHeaders: this.extraHeaders, supportedProtocols: protocols },
      });
    } catch (error) {
      if (isWsmpError(error)) return error.godotError;
      throw error;
    }
    server.refuseNewConnections = this.refusing;
    server.targetPeer = this.targetPeer;
    this.inner = server;
    this.multiplayerMode = gdMpApi;
    this.forward(server, gdMpApi);
    server.listen().catch((error: unknown) => {
      this.bindFailed.add(server);
      if (this.inner === server) this.events.emit("error", error);
    });
    return GodotError.OK;
  }

  /** Resolves with the bound address once listening (useful with port 0); rejects if binding failed. */
  ready(): Promise<ListenResult> {
    if (!this.inner) return Promise.reject(new InvalidStateError("listen() was not called"));
    return this.inner.listen();
  }

  /** Closes every peer with 1000 and releases the port. No signals fire. Resolves once sockets are closed. */
  stop(): Promise<void> {
    const server = this.inner;
    return server ? server.close() : Promise.resolve();
  }

  isListening(): boolean {
    return this.inner?.isListening() ?? false;
  }

  hasPeer(id: number): boolean {
    return this.inner?.hasPeer(id) ?? false;
  }

  /** The peer's connection: `getPacket`, `putPacket`, write mode, `close(code, reason)`... */
  getPeer(id: number): PeerHandle | undefined {
    return this.inner?.getPeer(id);
  }

  getPeerAddress(id: number): string {
    return this.inner?.getPeerAddress(id) ?? "";
  }

  getPeerPort(id: number): number {
    return this.inner?.getPeerPort(id) ?? 0;
  }

  /** Sends a close frame with `code` and `reason` to peer `id`. */
  disconnectPeer(id: number, code = 1000, reason = ""): void {
    this.inner?.disconnectPeer(id, code, reason);
  }

  /** Godot 3.5's `set_extra_headers`: `Name: value` lines added to every 101 response. */
  setExtraHeaders(headers: readonly string[] = []): void {
    this.extraHeaders = validateOption("handshakeHeaders", headers);
    if (this.inner) this.inner.handshakeHeaders = this.extraHeaders;
  }

  /** Godot 3 `set_buffers`; must come before `listen` (FAILED after). */
  setBuffers(inputBufferSizeKb: number, inputMaxPackets: number, outputBufferSizeKb: number, outputMaxPackets: number): GodotError {
    return applyGodot3Buffers(this.buffers, this.isListening(), [inputBufferSizeKb, inputMaxPackets, outputBufferSizeKb, outputMaxPackets]);
  }

  // ---- properties --------------------------------------------------------------------------

  get bindIp(): string {
    return this.bind;
  }
  set bindIp(value: string) {
    this.whileStopped("bindIp");
    if (typeof value !== "string" || value.length === 0) throw new InvalidArgumentError("bindIp must be \"*\" or an IP address");
    this.bind = value;
  }

  get privateKey(): Pem | undefined {
    return this.key;
  }
  set privateKey(value: Pem | undefined) {
    this.whileStopped("privateKey");
    this.key = value;
  }

  get sslCertificate(): Pem | undefined {
    return this.certificate;
  }
  set sslCertificate(value: Pem | undefined) {
    this.whileStopped("sslCertificate");
    this.certificate = value;
  }

  get caChain(): Pem | undefined {
    return this.chain;
  }
  set caChain(value: Pem | undefined) {
    this.whileStopped("caChain");
    this.chain = value;
  }

  /** Seconds a connection may take from TCP accept to a finished handshake (Godot 3.4+; default 3). */
  get handshakeTimeout(): number {
    return this.timeout;
  }
  set handshakeTimeout(value: number) {
    this.timeout = validateOption("handshakeTimeout", value);
    if (this.inner) this.inner.handshakeTimeout = value;
  }

  get refuseNewConnections(): boolean {
    return this.refusing;
  }
  set refuseNewConnections(value: boolean) {
    this.refusing = value;
    if (this.inner) this.inner.refuseNewConnections = value;
  }

  // ---- NetworkedMultiplayerPeer (multiplayer mode; raw mode answers as Godot 3 does) ---------

  getUniqueId(): number {
    return 1;
  }

  isServer(): boolean {
    return true;
  }

  /** CONNECTED while listening, otherwise DISCONNECTED (as Godot 3). */
  getConnectionStatus(): ConnectionStatus {
    return this.isListening() ? ConnectionStatus.CONNECTED : ConnectionStatus.DISCONNECTED;
  }

  // ---- internals ---------------------------------------------------------------------------

  private forward(server: MultiplayerServer, gdMpApi: boolean): void {
    // Events of a server replaced by a later `listen` are not passed on.
    const live = (): boolean => this.inner === server;
    const events = this.events;
    if (gdMpApi) {
      server.on("peer_connected", (id) => live() && events.emit("peer_connected", id));
      server.on("peer_disconnected", (id) => live() && events.emit("peer_disconnected", id));
      server.on("peer_packet", (from) => live() && events.emit("peer_packet", from));
      server.on("rpc_error", (event) => live() && events.emit("rpc_error", event));
    } else {
      server.on("peer_connected", (id, protocol) => live() && events.emit("client_connected", id, protocol));
      server.on("peer_disconnected", (id, info) => live() && events.emit("client_disconnected", id, info.wasClean));
      server.on("data_received", (id) => live() && events.emit("data_received", id));
    }
    server.on("client_close_request", (id, code, reason) => live() && events.emit("client_close_request", id, code, reason));
    server.on("packet_dropped", (info) => live() && events.emit("packet_dropped", info));
    server.on("protocol_error", (info) => live() && events.emit("protocol_error", info));
    server.on("handshake_failed", (info) => live() && events.emit("handshake_failed", info));
  }

  /** True once a server stopped or failed to bind: `listen` may start a new one. */
  private stopped(server: MultiplayerServer): boolean {
    return this.bindFailed.has(server) || server.getConnectionStatus() === ConnectionStatus.DISCONNECTED;
  }

  private whileStopped(property: string): void {
    if (this.isListening()) throw new InvalidStateError(`${property} cannot change while the server is listening`);
  }
}
