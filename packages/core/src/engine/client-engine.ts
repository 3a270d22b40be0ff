import { type Payload, payloadLength } from "../shared/bytes.js";
import type { ClientLink, Connection } from "../contract/connection.js";
import { stripTrailingNul } from "../shared/close-codes.js";
import { CloseCode, ConnectionStatus, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { ClientDialect, ClientDialectFactory, DropInfo } from "./dialect-contract.js";
import { ErrorCode, InvalidStateError } from "../shared/errors.js";
import { inboundRefusal, PACKET_AVAILABLE, PacketInbox } from "./packet-inbox.js";
import type { QueueAccount } from "./inbound-queue.js";
import { type PeerOptions, resolveOptions, validateOption } from "../shared/peer-options.js";
import { maxPacketSize, sendWithinLimits } from "./outbound-limit.js";
import { type CloseInfo, reasonText } from "./server-engine.js";
import { CLIENT_TABLE, type ClientInput, type ClientState, step } from "./transition-table.js";
import { createHeartbeat, dueHeartbeat, type Heartbeat } from "./heartbeat.js";

export interface ConnectionFailure {
  readonly code: ErrorCode;
  readonly message: string;
  /** The close code received or sent, -1 when the socket never opened. */
  readonly closeCode: number;
}

export type ClientEvent =
  | { readonly type: "connected"; readonly id: number }
  | { readonly type: "connection_failed"; readonly failure: ConnectionFailure }
  | { readonly type: "peer_connected"; readonly id: number }
  | { readonly type: "peer_disconnected"; readonly id: number; readonly info: CloseInfo }
  | { readonly type: "close_request"; readonly code: number; readonly reason: string }
  | { readonly type: "closed"; readonly info: CloseInfo }
  | { readonly type: "packet_available" }
  | { readonly type: "packet_dropped"; readonly info: DropInfo }
  | { readonly type: "protocol_error"; readonly info: { readonly peer: number; readonly code: ErrorCode; readonly message: string; readonly closeCode: number } }
  | { readonly type: "signal"; readonly name: string; readonly args: readonly unknown[] };

export interface ClientEngineConfig {
  readonly clock: () => number;
  readonly emit: (event: ClientEvent) => void;
  readonly options?: Partial<PeerOptions>;
  readonly dialect: ClientDialectFactory;
  /** Called whenever a new deadline is set, so the caller can arm its one timer earlier. */
  readonly wake?: (deadline: number) => void;
  /** Whether the application listens for a dialect signal (absent: assume it does). */
  readonly listens?: (name: string) => boolean;
  /** Called once when the connection is over (or was never made), even after `close()`. */
  readonly released?: (info: CloseInfo) => void;
}

/**
 * The sans-I/O client: one connection to a server (peer 1). The adapter calls `begin` when it
 * starts connecting and reports the socket's events to the returned link.
 */
export class ClientEngine {
  /** Incoming packets for the application, and the count of dropped ones. */
  readonly inbox = new PacketInbox();
  readonly options: PeerOptions;
  readonly dialect: ClientDialect;
  private state: ClientState = "idle";
  private connection: Connection | undefined;
  private abortSocket: (() => void) | undefined;
  private uniqueId = 0;
  private deadline = Number.POSITIVE_INFINITY;
  private readonly account: QueueAccount = { queuedPackets: 0, queuedBytes: 0 };
  /** Packets and bytes from the server waiting in the inbound queue. */
  get queued(): Readonly<QueueAccount> {
    return this.account;
  }
  private readonly knownPeers = new Set<number>();
  private closeCode = -1;
  private closeReason = "";
  private closedByClient = false;
  /** The server's close frame arrived before this client sent one: the server started the close. */
  private closedByServer = false;
  /** Set by `close()`: after it, no event fires any more. */
  private silenced = false;
  private heartbeat: Heartbeat | undefined;

  constructor(private readonly config: ClientEngineConfig) {
    this.options = resolveOptions(config.options);
    const self = this;
    this.dialect = config.dialect({
      get options() {
        return self.options;
      },
      send: (data) => this.sendWire(data),
      setId: (id) => {
        this.uniqueId = id;
      },
      connected: () => this.becomeConnected(),
      fail: (closeCode, code, message) => this.fail(closeCode, code, message),
      deliver: (from, data) => this.deliver(from, data),
      peerJoined: (id) => {
        if (this.knownPeers.has(id)) return;
        this.knownPeers.add(id);
        this.emit({ type: "peer_connected", id });
      },
      peerLeft: (id) => {
        if (!this.knownPeers.delete(id)) return;
        this.emit({ type: "peer_disconnected", id, info: { code: CloseCode.NORMAL, reason: "", wasClean: true, byServer: true } });
      },
      signal: (name, ...args) => this.emit({ type: "signal", name, args }),
      listens: (name) => this.config.listens?.(name) ?? true,
      dropped: (info) => this.drop(info),
      now: () => this.config.clock(),
      wake: (deadline) => void this.armed(deadline),
      handshakeDone: () => {
        if (this.state === "waiting_id") this.deadline = Number.POSITIVE_INFINITY;
      },
    });
  }

  get clientState(): ClientState {
    return this.state;
  }

  getConnectionStatus(): ConnectionStatus {
    switch (this.state) {
      case "connected":
        return ConnectionStatus.CONNECTED;
      case "connecting":
      case "waiting_id":
        return ConnectionStatus.CONNECTING;
      default:
        return ConnectionStatus.DISCONNECTED;
    }
  }

  getUniqueId(): number {
    return this.uniqueId;
  }

  setOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void {
    this.options[key] = validateOption(key, value);
  }

  /** The largest packet the application may send with the current options (Godot's `get_max_packet_size`). */
  maxPacketSize(): number {
    return maxPacketSize(this.options.outboundBufferSize, this.dialect.packetOverhead);
  }

  /** Peers this client knows of (the server, and others a relaying dialect announced). */
  peerIds(): number[] {
    return [...this.knownPeers];
  }

  get closeInfo(): { code: number; reason: string } {
    return { code: this.closeCode, reason: this.closeReason };
  }

  get currentConnection(): Connection | undefined {
    return this.connection;
  }

  /** Starts a connection attempt. `abort` drops the socket before it is open. */
  begin(abort: () => void, now: number = this.config.clock()): ClientLink {
    if (this.state !== "idle") throw new InvalidStateError("a client connects once; create a new client to reconnect", GodotError.ERR_ALREADY_IN_USE);
    this.move("connect");
    this.abortSocket = abort;
    this.deadline = this.armed(now + this.options.handshakeTimeout * 1000);
    return {
      open: (connection) => this.opened(connection),
      message: (data) => this.message(data),
      closed: (code, reason) => this.closed(code, reason),
      error: (message, closeCode) => this.transportError(message, closeCode),
      pong: () => {
        if (this.heartbeat) this.heartbeat.alive = true;
      },
    };
  }

  tick(now: number = this.config.clock()): number | undefined {
    if (now >= this.deadline) {
      if (this.state === "connecting" || this.state === "waiting_id") {
        this.deadline = Number.POSITIVE_INFINITY;
        const code = ErrorCode.HANDSHAKE_TIMEOUT;
        this.closeCode = -1;
        this.move("timeout");
        this.abandonSocket();
        this.emit({ type: "connection_failed", failure: { code, message: "no id from the server within handshakeTimeout", closeCode: -1 } });
        this.ended(false);
      } else {
        // The only other state with a deadline: the close handshake ran out of time.
        this.deadline = Number.POSITIVE_INFINITY;
        this.move("timeout");
        this.connection?.terminate();
        this.ended(false);
      }
    }
    if (this.state === "waiting_id" || this.state === "connected") this.dialect.tick?.(now);
    this.beat(now);
    return this.nextDeadline();
  }

  /** The heartbeat (opt-in): a ping after silence, and a close with 4003 when it goes unanswered. */
  private beat(now: number): void {
    const beat = this.heartbeat;
    if (!beat || (this.state !== "waiting_id" && this.state !== "connected") || beat.due > now) return;
    const action = dueHeartbeat(beat, now, this.options);
    if (action === "off") {
      this.heartbeat = undefined;
      return;
    }
    if (action === "dead") {
      this.heartbeat = undefined;
      this.fail(CloseCode.HEARTBEAT_TIMEOUT, ErrorCode.HEARTBEAT_TIMEOUT, `no pong from the server within heartbeatTimeout (${this.options.heartbeatTimeout} s)`);
      return;
    }
    if (action === "ping") this.connection?.ping?.();
    this.armed(beat.due);
  }

  nextDeadline(): number | undefined {
    const live = this.state === "waiting_id" || this.state === "connected";
    let next = Number.isFinite(this.deadline) ? this.deadline : undefined;
    for (const due of [live ? this.dialect.nextDeadline?.() : undefined, live ? this.heartbeat?.due : undefined]) {
      // Stryker disable next-line EqualityOperator: of two equal deadlines either one is the answer
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  /** Closes the connection with a close frame. Events still fire for the close (`peer_disconnected(1)`). */
  disconnect(code: number = CloseCode.NORMAL, reason = ""): void {
    if (this.state === "connecting") {
      this.move("close");
      this.deadline = Number.POSITIVE_INFINITY;
      this.abortSocket?.();
      this.emit({ type: "connection_failed", failure: { code: ErrorCode.ABORTED, message: "closed before the connection was established", closeCode: -1 } });
      this.ended(false);
      return;
    }
    if (this.state !== "waiting_id" && this.state !== "connected") return;
    const wasWaiting = this.state === "waiting_id";
    this.startClose(code, reason);
    if (wasWaiting) this.emit({ type: "connection_failed", failure: { code: ErrorCode.ABORTED, message: "closed before the server sent an id", closeCode: code } });
  }

  /**
   * Godot's `close()`: nothing fires any more. An open connection still gets a 1000 close frame
   * (terminated at the close deadline); a connecting one is dropped.
   */
  close(): void {
    this.silenced = true;
    if (this.state === "idle") {
      this.move("close");
      this.ended(false);
    } else if (this.state === "connecting") {
      this.move("close");
      this.deadline = Number.POSITIVE_INFINITY;
      this.abortSocket?.();
      this.ended(false);
    } else if (this.state === "waiting_id" || this.state === "connected") {
      this.startClose(CloseCode.NORMAL, "");
    }
    this.inbox.clear();
    this.knownPeers.clear();
    this.uniqueId = 0;
  }

  /** Godot's `disconnect_peer(1, true)`: drops the socket at once, with no close frame, and nothing fires any more. */
  terminate(): void {
    if (this.state === "idle" || this.state === "closed") {
      this.close();
      return;
    }
    this.silenced = true;
    this.move("drop");
    this.deadline = Number.POSITIVE_INFINITY;
    this.abandonSocket();
    this.inbox.clear();
    this.knownPeers.clear();
    this.uniqueId = 0;
    this.ended(false);
  }

  put(target: number, data: Payload): GodotError {
    if (this.state !== "connected" || !this.dialect.packetApi) return GodotError.ERR_UNCONFIGURED;
    return this.dialect.put(target, data);
  }

  /** Raw send to the server, bypassing the dialect (used by the per-peer handle). */
  sendRaw(data: Payload): GodotError {
    return this.sendWire(data);
  }

  // ---- inputs ----------------------------------------------------------------------------

  private opened(connection: Connection): void {
    if (this.state !== "connecting") {
      connection.terminate();
      return;
    }
    this.connection = connection;
    this.move("open");
    if (this.options.heartbeatInterval > 0 && connection.ping) {
      const now = this.config.clock();
      this.heartbeat = createHeartbeat(now, this.armed(now + this.options.heartbeatInterval * 1000) - now);
    }
    this.dialect.opened();
  }

  private message(data: Payload): void {
    if (this.state !== "waiting_id" && this.state !== "connected") return;
    const size = payloadLength(data);
    if (size > this.options.inboundBufferSize) {
      this.fail(CloseCode.MESSAGE_TOO_BIG, ErrorCode.MESSAGE_TOO_BIG, `message of ${size} bytes exceeds inboundBufferSize (${this.options.inboundBufferSize})`);
      return;
    }
    if (this.heartbeat) this.heartbeat.alive = true;
    this.dialect.receive(data);
  }

  private closed(code: number, reason: string): void {
    if (this.state === "closed") return;
    const wasWaiting = this.state === "connecting" || this.state === "waiting_id";
    if (!this.closedByClient) {
      this.closedByServer = code !== CloseCode.ABNORMAL;
      this.closeCode = code;
      this.closeReason = stripTrailingNul(reason);
      if (!wasWaiting && code !== CloseCode.ABNORMAL) this.emit({ type: "close_request", code, reason: this.closeReason });
    }
    this.move("closed");
    this.deadline = Number.POSITIVE_INFINITY;
    if (wasWaiting) {
      this.knownPeers.clear();
      this.emit({ type: "connection_failed", failure: closedWhileWaiting(code, reason, this.connection !== undefined) });
    }
    this.ended(code !== CloseCode.ABNORMAL);
  }

  private transportError(message: string, closeCode?: number): void {
    if (this.state === "connecting") {
      this.closeCode = -1;
      this.move("fail");
      this.deadline = Number.POSITIVE_INFINITY;
      this.emit({ type: "connection_failed", failure: { code: ErrorCode.TRANSPORT, message, closeCode: -1 } });
      this.ended(false);
      return;
    }
    // `fail` ignores an error once the client is closing or closed.
    const code = closeCode === CloseCode.MESSAGE_TOO_BIG ? ErrorCode.MESSAGE_TOO_BIG : ErrorCode.PROTOCOL;
    this.fail(closeCode ?? CloseCode.PROTOCOL_ERROR, code, message);
  }

  // ---- internals ---------------------------------------------------------------------------

  private becomeConnected(): void {
    if (this.state !== "waiting_id") return;
    this.move("id");
    this.deadline = Number.POSITIVE_INFINITY;
    this.knownPeers.add(SERVER_PEER_ID);
    this.emit({ type: "connected", id: this.uniqueId });
    this.emit({ type: "peer_connected", id: SERVER_PEER_ID });
  }

  private fail(closeCode: number, code: ErrorCode, message: string): void {
    if (this.state !== "waiting_id" && this.state !== "connected") return;
    const wasWaiting = this.state === "waiting_id";
    this.emit({ type: "protocol_error", info: { peer: SERVER_PEER_ID, code, message, closeCode } });
    if (this.state !== "waiting_id" && this.state !== "connected") return; // a protocol_error listener already closed
    this.startClose(closeCode, reasonText(code));
    if (wasWaiting) this.emit({ type: "connection_failed", failure: { code, message, closeCode } });
  }

  private startClose(code: number, reason: string): void {
    const wasConnected = this.state === "connected";
    this.move("close");
    this.closedByClient = true;
    this.closeCode = code;
    this.closeReason = reason;
    this.deadline = this.armed(this.config.clock() + this.options.handshakeTimeout * 1000);
    this.connection?.close(code, reason);
    // The server and the peers it announced leave when the socket is gone (`ended`), so that
    // `peer_disconnected` can say whether the close handshake finished.
    if (!wasConnected) this.knownPeers.clear();
  }

  /** The connection is over: tell the application once. */
  private ended(wasClean: boolean): void {
    this.dialect.closed?.();
    this.leaveAll(wasClean);
    const info: CloseInfo = { code: this.closeCode, reason: this.closeReason, wasClean, byServer: this.closedByServer };
    this.emit({ type: "closed", info });
    this.config.released?.(info);
  }

  private leaveAll(wasClean: boolean): void {
    const info: CloseInfo = { code: this.closeCode, reason: this.closeReason, wasClean, byServer: this.closedByServer };
    const others = [...this.knownPeers].filter((id) => id !== SERVER_PEER_ID);
    const hadServer = this.knownPeers.has(SERVER_PEER_ID);
    this.knownPeers.clear();
    for (const id of others) this.emit({ type: "peer_disconnected", id, info });
    if (hadServer) this.emit({ type: "peer_disconnected", id: SERVER_PEER_ID, info });
  }

  private sendWire(data: Payload): GodotError {
    const conn = this.connection;
    if (!conn || (this.state !== "waiting_id" && this.state !== "connected")) return GodotError.FAILED;
    return sendWithinLimits(conn, data, this.options, SERVER_PEER_ID, (info) => this.drop(info));
  }

  private deliver(from: number, data: Payload): boolean {
    const size = payloadLength(data);
    const reason = inboundRefusal(this.account, size, this.options);
    if (reason !== undefined) {
      if (this.options.overflow === "close") {
        this.fail(CloseCode.POLICY_VIOLATION, ErrorCode.INBOUND_FULL, `inbound queue full: ${reason}`);
        return false;
      }
      this.drop({ peer: from, direction: "in", size, code: ErrorCode.INBOUND_FULL, reason });
      return false;
    }
    this.inbox.push(from, data, SERVER_PEER_ID, this.account, size);
    this.emit(PACKET_AVAILABLE);
    return true;
  }

  private drop(info: DropInfo): void {
    this.inbox.countDrop(info);
    this.emit({ type: "packet_dropped", info });
  }

  /** Drops the socket without a closing handshake. */
  private abandonSocket(): void {
    if (this.connection) this.connection.terminate();
    else this.abortSocket?.();
  }

  private armed(deadline: number): number {
    this.config.wake?.(deadline);
    return deadline;
  }

  private move(input: ClientInput): void {
    const next = step(CLIENT_TABLE, this.state, input);
    // Stryker disable next-line StringLiteral: only a bug in this class reaches it (every caller checks the state first)
    if (next === undefined) throw new Error(`wsmp bug: client cannot take "${input}" in state "${this.state}"`);
    this.state = next;
  }

  private emit(event: ClientEvent): void {
    if (!this.silenced) this.config.emit(event);
  }
}

/**
 * Why a connection that closed before the client had its id failed. A SceneMultiplayer server
 * that rejects the client's authentication (or gives up waiting for it) closes with 4001 / 4002:
 * that is an authentication failure, not a server that "closed before sending an id".
 */
function closedWhileWaiting(code: number, reason: string, opened: boolean): ConnectionFailure {
  if (code === CloseCode.AUTH_FAILED || code === CloseCode.AUTH_TIMEOUT) {
    const what = code === CloseCode.AUTH_FAILED ? "the server rejected our authentication" : "the server's authentication timeout passed";
    return { code: ErrorCode.AUTH_FAILED, message: `${what} (${code}${reason ? ` ${reason}` : ""})`, closeCode: code };
  }
  return { code: opened ? ErrorCode.CLOSED : ErrorCode.TRANSPORT, message: reason || "the connection closed before the server sent an id", closeCode: code };
}
