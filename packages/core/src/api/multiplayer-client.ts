import type { Payload } from "../shared/bytes.js";
import { ClientEngine,type ClientEvent,type ConnectionFailure } from "../engine/client-engine.js";
import { PeerHandle } from "./peer-handle.js";
import { clientPeerSource } from "./peer-handle-sources.js";
import { checkClose } from "../shared/close-codes.js";
import { ConnectionStatus,GodotError,SERVER_PEER_ID } from "../shared/constants.js";
import type { ClientDialectFactory } from "../engine/dialect-contract.js";
import { ErrorCode,InvalidArgumentError,UnsupportedError,WsmpError } from "../shared/errors.js";
import { type PeerOptions,parseHeaderLine } from "../shared/peer-options.js";
import { MultiplayerPeerBase,type SceneLayerEvents,type SharedEvents } from "./multiplayer-peer-base.js";
import { type DialectChoice,resolveClientDialect } from "./dialect-choice.js";
import type { CloseInfo } from "../engine/server-engine.js";
import type { ClientCapabilities,ClientTransport,Runtime,TlsClientOptions } from "../contract/transport.js";
import { clientScene,sceneBytes } from "./scene-control.js";
import { encodeVariant } from "../dialects/variant/encode-variant.js";
import type { GodotValue } from "../dialects/variant/godot-value.js";
import { checkHeartbeatSupported } from "./heartbeat-support.js";

export interface ClientEvents extends SharedEvents, SceneLayerEvents {
  /** The server gave us our id. Godot's MultiplayerAPI calls this `connected_to_server`. */
  connected_to_server: (id: number) => void;
  /** The connection never reached CONNECTED (refused, timed out, bad id message...). */
  connection_failed: (failure: ConnectionFailure) => void;
  /** The connection to the server ended after it was established. */
  server_disconnected: (info: CloseInfo) => void;
  /** Peer 1 (the server), or another peer a relaying dialect announced, joined. */
  peer_connected: (id: number) => void;
  peer_disconnected: (id: number, info: CloseInfo) => void;
  /** The server sent a close frame first (Godot 3's `server_close_request`). */
  server_close_request: (code: number, reason: string) => void;

  /** Godot 3 raw mode (`raw` dialect): a message is waiting in `getPeer(1)`. */
  data_received: () => void;
  /** The socket is closed, whatever the reason. Fires once per client. */
  close: (info: CloseInfo) => void;
}

export interface ClientConfig {
  readonly url: string;
  readonly tls?: TlsClientOptions | undefined;
  readonly options?: Partial<PeerOptions> | undefined;
  /** A built-in dialect by name or a factory; godot4 when omitted. */
  readonly dialect?: DialectChoice<ClientDialectFactory> | undefined;
}

/** What the transport cannot do, checked before anything is opened: each throws `UnsupportedError`. */
function checkHeadersSupported(capabilities: ClientCapabilities, headers: readonly unknown[] | undefined): void {
  if (!capabilities.customHeaders && headers !== undefined && headers.length > 0) {
    throw new UnsupportedError("this client's transport cannot send custom handshake headers (a browser WebSocket cannot): leave handshakeHeaders empty");
  }
}

/**
 * A transport without `tlsOptions` checks certificates against the runtime's own trust store and
 * the URL's host name (a browser): it can neither add a CA, override the name nor skip the check.
 * `TLSOptions.client()` with no arguments asks for exactly that, so it is accepted.
 */
function checkTlsSupported(capabilities: ClientCapabilities, tls: TlsClientOptions | undefined): void {
  if (capabilities.tlsOptions || tls === undefined || tls.kind !== "client") return;
  const asked: string[] = [];
  if (tls.trustedCa !== undefined) asked.push("a trusted CA");
  if (tls.commonNameOverride !== undefined) asked.push("a common name override");
  if (tls.unsafe === true) asked.push("unsafe (unchecked) TLS");
  if (asked.length > 0) {
    throw new UnsupportedError(`this client's transport cannot use ${asked.join(", ")}: it checks wss:// certificates against the runtime's own trust store`);
  }
}

/** Checks the URL and TLS options of a client; a URL without a scheme is ws://, as in Godot. */
function clientUrl(config: ClientConfig): string {
  if (typeof config.url !== "string" || config.url.length === 0) throw new InvalidArgumentError("createClient needs a ws:// or wss:// URL");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(config.url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "ws" && scheme !== "wss") {
    throw new InvalidArgumentError(`unsupported URL scheme "${scheme}": use ws:// or wss://`);
  }
  if (config.tls !== undefined && config.tls.kind !== "client") {
    throw new InvalidArgumentError("createClient needs client TLS options (TLSOptions.client or TLSOptions.clientUnsafe)");
  }
  return scheme === undefined ? `ws://${config.url}` : config.url;
}

/**
 * A WebSocket multiplayer client. `connect()` (idempotent) starts the connection and resolves
 * with the id the server gave; the Godot-faithful methods mirror `WebSocketMultiplayerPeer`.
 */
export class MultiplayerClient extends MultiplayerPeerBase<ClientEvents, ClientEngine, ClientEvent> {
  readonly url: string;
  targetPeer = SERVER_PEER_ID;
  private connecting: Promise<number> | undefined;
  private closed: Promise<CloseInfo>;
  private resolveClosed!: (info: CloseInfo) => void;
  /** Rejects a pending `connect()` when `close()` silences the events it waits for. */
  private abandonConnect: (() => void) | undefined;
  private serverHandle: PeerHandle | undefined;

  constructor(
    private readonly transport: ClientTransport,
    runtime: Runtime,
    private readonly config: ClientConfig,
  ) {
    const url = clientUrl(config);
    checkTlsSupported(transport.capabilities, config.tls);
    checkHeadersSupported(transport.capabilities, config.options?.handshakeHeaders);
    checkHeartbeatSupported(transport.capabilities.ping, config.options?.heartbeatInterval);
    let release: (info: CloseInfo) => void = () => undefined;
    super(runtime, (hooks) =>
      new ClientEngine({ ...hooks, released: (info) => release(info), options: config.options, dialect: resolveClientDialect(config.dialect) }),
    );
    this.url = url;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    release = (info) => {
      this.timer.stop();
      this.reader.end();
      this.resolveClosed(info);
    };
  }

  // ---- idiomatic face ----------------------------------------------------------------------

  /**
   * Connects. Resolves with our peer id once the server sent it; rejects with a `WsmpError`
   * (handshake timeout, refused, bad id message, transport error). Calling it again returns
   * the same promise. An aborted `signal` closes the connection attempt.
   */
  connect(signal?: AbortSignalLike): Promise<number> {
    if (this.connecting) return this.connecting;
    this.connecting = new Promise<number>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new WsmpError(ErrorCode.ABORTED, "connect aborted before it started"));
        return;
      }
      const onConnected = (id: number): void => {
        cleanup();
        resolve(id);
      };
      const onFailed = (failure: ConnectionFailure): void => {
        cleanup();
        reject(new WsmpError(failure.code, `connection to ${this.url} failed: ${failure.message}`, { godotError: GodotError.ERR_CANT_CONNECT }));
      };
      const onAbort = (): void => this.disconnect(1000, "aborted");
      const cleanup = (): void => {
        this.abandonConnect = undefined;
        this.events.off("connected_to_server", onConnected);
        this.events.off("connection_failed", onFailed);
        signal?.removeEventListener("abort", onAbort);
      };
      this.events.on("connected_to_server", onConnected);
      this.events.on("connection_failed", onFailed);
      signal?.addEventListener("abort", onAbort);
      this.abandonConnect = () => {
        cleanup();
        reject(new WsmpError(ErrorCode.ABORTED, `connection to ${this.url} failed: the client was closed while connecting`));
      };
      let handle: { abort(): void } | undefined;
      const link = this.engine.begin(() => handle?.abort(), this.runtime.now());
      try {
        handle = this.transport.connect({
          url: this.url,
          tls: this.config.tls,
          protocols: this.engine.options.supportedProtocols,
          headers: this.engine.options.handshakeHeaders.map(parseHeaderLine),
          options: this.engine.options,
          link,
        });
      } catch (error) {
        // Reject with what the transport threw (e.g. UNSUPPORTED), then end the attempt.
        cleanup();
        reject(error);
        link.error(error instanceof Error ? error.message : String(error));
      }
    });
    return this.connecting;
  }

  /**
   * Sends `data`. With the `godot4` dialect every packet goes to the server (`to` must be 1 or
   * omitted); relaying dialects route by `to`. Throws a `WsmpError` when nothing was sent.
   */
  send(data: Payload | ArrayBuffer, to: number = SERVER_PEER_ID): void {
    if (to !== SERVER_PEER_ID && !this.engine.dialect.addressesPeers) {
      throw new InvalidArgumentError(`send: this client can only send to the server (peer 1), got ${String(to)}; Godot 4 clients reach other peers through the scene option's relay`);
    }
    this.sendChecked(to, data);
  }

  /** Extra request headers, `"Name: value"` lines. A transport that cannot send them (a browser) refuses any. */
  override get handshakeHeaders(): string[] {
    return super.handshakeHeaders;
  }
  override set handshakeHeaders(value: readonly string[]) {
    if (Array.isArray(value)) checkHeadersSupported(this.transport.capabilities, value);
    super.handshakeHeaders = value;
  }

  /** The transport's capabilities (what this runtime's client can do). */
  get capabilities(): ClientCapabilities {
    return this.transport.capabilities;
  }

  /** Resolves when the connection is closed, with how it ended. */
  get whenClosed(): Promise<CloseInfo> {
    return this.closed;
  }

  /** Closes with a close frame; `peer_disconnected(1)`, `server_disconnected` and `close` still fire. */
  disconnect(code = 1000, reason = ""): void {
    checkClose(code, reason);
    this.engine.disconnect(code, reason);
  }

  /** Godot 3's name for `disconnect`. */
  disconnectFromHost(code = 1000, reason = ""): void {
    this.disconnect(code, reason);
  }

  // ---- Godot 4 SceneMultiplayer (the `scene` option; these throw InvalidStateError without it) ---

  /** `send_bytes`: `03 <data>` to `to` (1 the server, 0 all, > 1 one peer, < 0 all but one), relayed by the server. */
  sendBytes(data: Payload | ArrayBuffer, to = 0): GodotError {
    return clientScene(this.engine.dialect, "sendBytes").sendBytes(sceneBytes(data, "sendBytes"), to);
  }

  /** `send_bytes(var_to_bytes(value), to)`: one Variant as raw bytes. */
  sendVar(value: GodotValue, to = 0, fullObjects = false): GodotError {
    return this.sendBytes(encodeVariant(value, { version: 4, allowObjects: fullObjects }), to);
  }

  /** `send_auth(1, data)`: authentication bytes to the server while it is being authenticated. */
  sendAuth(id: number, data: Payload | ArrayBuffer): GodotError {
    return clientScene(this.engine.dialect, "sendAuth").sendAuth(id, sceneBytes(data, "sendAuth"));
  }

  /** `complete_auth(1)`: this side accepts the server. */
  completeAuth(id: number): GodotError {
    return clientScene(this.engine.dialect, "completeAuth").completeAuth(id);
  }

  /** `get_authenticating_peers`: `[1]` while the server is being authenticated. */
  getAuthenticatingPeers(): number[] {
    return clientScene(this.engine.dialect, "getAuthenticatingPeers").authenticatingPeers();
  }

  // ---- Godot face --------------------------------------------------------------------------

  getConnectionStatus(): ConnectionStatus {
    return this.engine.getConnectionStatus();
  }

  isServer(): boolean {
    return false;
  }

  protected rpcReady(): boolean {
    return this.engine.getConnectionStatus() === ConnectionStatus.CONNECTED;
  }

  /** Clients never accept connections; kept for API parity with Godot's MultiplayerPeer. */
  refuseNewConnections = false;

  /** Close code received from the server (-1 before any close frame), as `WebSocketPeer.get_close_code`. */
  getCloseCode(): number {
    return this.serverPeer().getCloseCode();
  }

  getCloseReason(): string {
    return this.serverPeer().getCloseReason();
  }

  getConnectedHost(): string {
    return this.serverPeer().getConnectedHost();
  }

  getConnectedPort(): number {
    return this.serverPeer().getConnectedPort();
  }

  getSelectedProtocol(): string {
    return this.serverPeer().getSelectedProtocol();
  }

  getCurrentOutboundBufferedAmount(): number {
    return this.serverPeer().getCurrentOutboundBufferedAmount();
  }

  getPeerAddress(id: number): string {
    return id === SERVER_PEER_ID ? this.getConnectedHost() : "";
  }

  /** Godot's `get_peer(1)`: the connection to the server (how raw mode reads and writes). Other ids: `undefined`. */
  getPeer(id: number): PeerHandle | undefined {
    return id === SERVER_PEER_ID ? this.serverPeer() : undefined;
  }

  getPeerPort(id: number): number {
    return id === SERVER_PEER_ID ? this.getConnectedPort() : 0;
  }

  /**
   * Godot 4's `disconnect_peer(1, force)` on a client: without `force` the connection closes with a
   * close frame (events fire, as `disconnect()`); with `force` the socket is dropped at once, with
   * no close frame and no event, as a crashed process would leave it.
   */
  disconnectPeer(id: number, force = false): boolean {
    if (id !== SERVER_PEER_ID || this.engine.getConnectionStatus() === ConnectionStatus.DISCONNECTED) return false;
    if (force) {
      this.engine.terminate();
      this.abandonConnect?.();
      this.reader.end();
    } else this.disconnect();
    return true;
  }

  /** Godot's `close()`: drops the connection and fires nothing more. Resolves when the socket is closed. */
  close(): Promise<void> {
    this.engine.close();
    this.abandonConnect?.();
    this.reader.end();
    return this.closed.then(() => undefined);
  }

  private serverPeer(): PeerHandle {
    this.serverHandle ??= new PeerHandle(clientPeerSource(this.engine, (code, reason) => this.disconnect(code, reason)));
    return this.serverHandle;
  }

  protected onEngineEvent(event: ClientEvent): void {
    switch (event.type) {
      case "connected":
        this.events.emit("connected_to_server", event.id);
        break;
      case "connection_failed":
        this.events.emit("connection_failed", event.failure);
        break;
      case "peer_connected":
        this.events.emit("peer_connected", event.id);
        break;
      case "peer_disconnected":
        this.events.emit("peer_disconnected", event.id, event.info);
        if (event.id === SERVER_PEER_ID) this.events.emit("server_disconnected", event.info);
        break;
      case "close_request":
        this.events.emit("server_close_request", event.code, event.reason);
        break;
      case "closed":
        this.events.emit("close", event.info);
        break;
      default:
        this.onSharedEvent(event);
    }
  }
}

/** The part of `AbortSignal` wsmp uses, so the core needs no DOM types. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

