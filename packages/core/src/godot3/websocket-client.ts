import { MultiplayerClient } from "../api/multiplayer-client.js";
import type { PeerHandle } from "../api/peer-handle.js";
import { ConnectionStatus, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { createGodot3Client } from "../dialects/godot3-dialect.js";
import { createRawClient } from "../dialects/raw-dialect.js";
import { InvalidStateError, isWsmpError } from "../shared/errors.js";
import { applyGodot3Buffers } from "./godot3-buffers.js";
import { Godot3PeerBase } from "./godot3-peer-base.js";
import { ReadyState } from "../api/peer-handle.js";
import type { ProtocolErrorInfo } from "../engine/server-engine.js";
import type { RpcErrorEvent } from "../dialects/rpc/rpc-registry.js";
import type { ClientTransport, Pem, Runtime, TlsClientOptions } from "../contract/transport.js";

/** Signals of Godot 3's `WebSocketClient` (and its multiplayer peer), plus wsmp's diagnostics. */
export interface WebSocketClientEvents {
  /** Raw mode: the WebSocket is open, with the subprotocol the server chose ("" for none). */
  connection_established: (protocol: string) => void;
  /** Raw mode: the connection ended after it was established. */
  connection_closed: (wasCleanClose: boolean) => void;
  /** Raw mode: the connection could not be established. */
  connection_error: () => void;
  /** The server sent a close frame first (both modes). */
  server_close_request: (code: number, reason: string) => void;
  /** Raw mode: a message waits in `getPeer(1)`. */
  data_received: () => void;
  /** Multiplayer mode: SYS_ADD(1) arrived (after `peer_connected(1)`). */
  connection_succeeded: () => void;
  /** Multiplayer mode: the connection failed or, once established, ended (Godot 3 reports both this way). */
  connection_failed: () => void;
  /** Multiplayer mode: the server (1) or another client joined. */
  peer_connected: (id: number) => void;
  /** Multiplayer mode: another client left (SYS_DEL). */
  peer_disconnected: (id: number) => void;
  /** Multiplayer mode: a packet from `from` (its real sender) was queued. */
  peer_packet: (from: number) => void;
  packet_dropped: (info: DropInfo) => void;
  protocol_error: (info: ProtocolErrorInfo) => void;
  /** Multiplayer mode, `node()`: a call, set or path-cache message from a peer was refused; nothing ran. */
  rpc_error: (event: RpcErrorEvent) => void;
}

/**
 * Godot 3's `WebSocketClient`, on any wsmp transport. `connectToUrl(url, protocols, gdMpApi,
 * customHeaders)` picks the wire protocol as Godot 3 does; the client can connect again once a
 * connection is over. Signals fire as events arrive; `poll()` only runs due timers.
 */
export class WebSocketClient extends Godot3PeerBase<WebSocketClientEvents, MultiplayerClient> {
  /** Check the server certificate on wss:// (default true). */
  verifySsl = true;
  private trusted: Pem | undefined;

  constructor(
    private readonly newTransport: () => ClientTransport,
    runtime: Runtime,
  ) {
    super(runtime);
  }

  /**
   * Starts connecting. ERR_ALREADY_IN_USE while a connection is live; ERR_INVALID_PARAMETER for
   * a bad URL, subprotocol or header line (Godot-style: the code is returned, nothing is thrown).
   */
  connectToUrl(url: string, protocols: readonly string[] = [], gdMpApi = false, customHeaders: readonly string[] = []): GodotError {
    if (this.inner && this.inner.getConnectionStatus() !== ConnectionStatus.DISCONNECTED) return GodotError.ERR_ALREADY_IN_USE;
    let client: MultiplayerClient;
    try {
      client = new MultiplayerClient(this.newTransport(), this.runtime, {
        url,
        tls: this.tlsFor(url),
        dialect: gdMpApi ? createGodot3Client : createRawClient,
        options: { ...this.buffers, supportedProtocols: protocols, handshakeHeaders: customHeaders },
      });
    } catch (error) {
      if (isWsmpError(error)) return error.godotError;
      throw error;
    }
    this.inner = client;
    this.multiplayerMode = gdMpApi;
    this.forward(client, gdMpApi);
    client.connect().catch(() => undefined);
    return GodotError.OK;
  }

  /**
   * Resolves once the connection is established (raw mode: the socket is open; multiplayer mode:
   * SYS_ADD(1) arrived) with the id the server gave (0 in raw mode); rejects if it failed.
   */
  ready(): Promise<number> {
    if (!this.inner) return Promise.reject(new InvalidStateError("connectToUrl() was not called"));
    return this.inner.connect();
  }

  /** Sends a close frame; `connection_closed` (raw) or `connection_failed` (multiplayer) fires when it is done. */
  disconnectFromHost(code = 1000, reason = ""): void {
    this.inner?.disconnectFromHost(code, reason);
  }

  getConnectedHost(): string {
    return this.inner?.getConnectedHost() ?? "";
  }

  getConnectedPort(): number {
    return this.inner?.getConnectedPort() ?? 0;
  }

  /** `get_peer(1)`: the connection to the server, where raw mode reads and writes. */
  getPeer(id: number): PeerHandle | undefined {
    return this.inner?.getPeer(id);
  }

  /** Godot 3 `set_buffers`; must come before `connectToUrl` (FAILED while connected). */
  setBuffers(inputBufferSizeKb: number, inputMaxPackets: number, outputBufferSizeKb: number, outputMaxPackets: number): GodotError {
    const live = this.getConnectionStatus() !== ConnectionStatus.DISCONNECTED;
    return applyGodot3Buffers(this.buffers, live, [inputBufferSizeKb, inputMaxPackets, outputBufferSizeKb, outputMaxPackets]);
  }

  /** CA certificate(s) to trust for wss://; can only change while disconnected. */
  get trustedSslCertificate(): Pem | undefined {
    return this.trusted;
  }
  set trustedSslCertificate(value: Pem | undefined) {
    if (this.getConnectionStatus() !== ConnectionStatus.DISCONNECTED) throw new InvalidStateError("trustedSslCertificate cannot change while connected");
    this.trusted = value;
  }

  // ---- NetworkedMultiplayerPeer ------------------------------------------------------------

  /**
   * CONNECTED as soon as the WebSocket is open (as Godot 3, even before SYS_ID in multiplayer
   * mode), CONNECTING before, DISCONNECTED otherwise.
   */
  getConnectionStatus(): ConnectionStatus {
    switch (this.inner?.getPeer(SERVER_PEER_ID)?.getReadyState()) {
      case ReadyState.OPEN:
        return ConnectionStatus.CONNECTED;
      case ReadyState.CONNECTING:
        return ConnectionStatus.CONNECTING;
      default:
        return ConnectionStatus.DISCONNECTED;
    }
  }

  /** Our id once SYS_ID arrived; 0 before, and always 0 in raw mode. */
  getUniqueId(): number {
    return this.inner?.getUniqueId() ?? 0;
  }

  isServer(): boolean {
    return false;
  }

  // ---- internals ---------------------------------------------------------------------------

  private tlsFor(url: string): TlsClientOptions | undefined {
    if (!/^wss:\/\//i.test(url)) return undefined;
    return { kind: "client", trustedCa: this.trusted, unsafe: !this.verifySsl };
  }

  private forward(client: MultiplayerClient, gdMpApi: boolean): void {
    const live = (): boolean => this.inner === client;
    const events = this.events;
    if (gdMpApi) {
      let reported = false;
      // A replaced connection is closing or closed: it reads no more messages, so it announces no
      // peer and cannot connect; its peers leave once it is DISCONNECTED, which is not passed on.
      client.on("peer_connected", (id) => {
        events.emit("peer_connected", id);
        if (id === SERVER_PEER_ID) events.emit("connection_succeeded");
      });
      // While connected these are SYS_DEL; when the connection ends Godot 3 reports only `connection_failed`.
      client.on("peer_disconnected", (id) => {
        if (id !== SERVER_PEER_ID && client.getConnectionStatus() === ConnectionStatus.CONNECTED) events.emit("peer_disconnected", id);
      });
      client.on("peer_packet", (from) => live() && events.emit("peer_packet", from));
      client.on("rpc_error", (event) => live() && events.emit("rpc_error", event));
      const failed = (): void => {
        if (!live() || reported) return;
        reported = true;
        events.emit("connection_failed");
      };
      client.on("connection_failed", failed);
      client.on("close", failed);
    } else {
      // In raw mode the connection is established when the socket opens, and a connection that
      // failed before that is closed at once: `close` alone tells the two ends apart.
      let established = false;
      client.on("connected_to_server", () => {
        established = true;
        events.emit("connection_established", client.getSelectedProtocol());
      });
      client.on("close", (info) => {
        if (!live()) return;
        if (established) events.emit("connection_closed", info.wasClean);
        else events.emit("connection_error");
      });
      client.on("data_received", () => live() && events.emit("data_received"));
    }
    client.on("server_close_request", (code, reason) => live() && events.emit("server_close_request", code, reason));
    client.on("packet_dropped", (info) => live() && events.emit("packet_dropped", info));
    client.on("protocol_error", (info) => live() && events.emit("protocol_error", info));
  }
}
