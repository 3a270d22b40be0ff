import { type Payload, payloadLength } from "../shared/bytes.js";
import type { Connection, PendingSocket, ServerLink, UpgradeDecision, UpgradeRequest } from "../contract/connection.js";
import { CloseCode, ConnectionStatus, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { DropInfo, ServerDialect, ServerDialectFactory } from "./dialect-contract.js";
import { ErrorCode, InvalidStateError } from "../shared/errors.js";
import { inboundRefusal, PACKET_AVAILABLE, PacketInbox } from "./packet-inbox.js";
import { InboundQueue } from "./inbound-queue.js";
import { stripTrailingNul } from "../shared/close-codes.js";
import { maxPacketSize, sendWithinLimits } from "./outbound-limit.js";
import { negotiateSubprotocol, type PeerOptions, parseHeaderLine, resolveOptions, validateOption } from "../shared/peer-options.js";
import { allocatePeerId } from "./peer-ids.js";
import type { RandomSource } from "../contract/transport.js";
import { SERVER_TABLE, type ServerInput, type ServerPeerState, step } from "./transition-table.js";
import { closeInfo, reasonText, type ServerEvent, type ServerPeerRecord } from "./server-engine-events.js";
import { type AdmissionResult, RefusalReason, resolveServerLimits, type ServerLimits } from "../shared/server-limits.js";
import { Admission, admissionVerdict, isPromiseLike } from "./admission.js";
import { createHeartbeat, stepHeartbeat } from "./heartbeat.js";
import { createRateBucket, rateLimited, takeRate } from "./rate-limit.js";

export type { CloseInfo, HandshakeFailure, ProtocolErrorInfo, ServerEvent, ServerPeerRecord } from "./server-engine-events.js";
export { reasonText } from "./server-engine-events.js";

export interface ServerEngineConfig {
  readonly random: RandomSource;
  readonly clock: () => number;
  readonly emit: (event: ServerEvent) => void;
  readonly options?: Partial<PeerOptions>;
  /** Server-only protections (caps, admission, rate limit, slow peers); validated at once. */
  readonly limits?: Partial<ServerLimits>;
  readonly dialect: ServerDialectFactory;
  /** Called whenever a new deadline is set, so the caller can arm its one timer earlier. */
  readonly wake?: (deadline: number) => void;
}

/**
 * The sans-I/O server. Adapters feed it through `accept` and the returned `ServerLink`, call
 * `tick` when `nextDeadline()` passes, and implement `Connection` for it to act on.
 */
export class ServerEngine {
  /** Incoming packets for the application, and the count of dropped ones. */
  readonly inbox = new PacketInbox();
  readonly options: PeerOptions;
  readonly limits: ServerLimits;
  readonly dialect: ServerDialect;
  private readonly admission: Admission;
  /** Tracked connections still in their handshake, and open ones (admitted or not yet, not closing). */
  private pendingCount = 0;
  private openCount = 0;
  private readonly records = new Map<number, ServerPeerRecord>();
  /** Peers that were given their id and are not closing, in admission order. */
  private readonly admitted = new Map<number, ServerPeerRecord>();
  private status: ConnectionStatus = ConnectionStatus.DISCONNECTED;
  private refusing = false;

  constructor(private readonly config: ServerEngineConfig) {
    this.options = resolveOptions(config.options);
    this.limits = resolveServerLimits(config.limits);
    this.admission = new Admission(this.limits);
    const self = this;
    this.dialect = config.dialect({
      get options() {
        return self.options;
      },
      peerIds: () => this.admitted.keys(),
      hasPeer: (id) => this.admitted.has(id),
      sendTo: (id, data, relayed) => this.sendTo(id, data, relayed),
      deliver: (from, data, via) => this.deliver(from, data, via),
      reject: (id, closeCode, code, message) => this.reject(id, closeCode, code, message),
      dropped: (info) => this.drop(info),
      signal: (name, ...args) => this.config.emit({ type: "signal", name, args }),
      now: () => this.config.clock(),
      wake: (deadline) => void this.armed(deadline),
      connected: (id) => this.connectDeferred(id),
      disconnect: (id, code, reason) => void this.disconnectPeer(id, { code, reason }),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** The transport is bound: the server is peer 1 and CONNECTED. */
  started(): void {
    if (this.status !== ConnectionStatus.DISCONNECTED) throw new InvalidStateError("server already started", GodotError.ERR_ALREADY_IN_USE);
    this.status = ConnectionStatus.CONNECTED;
  }

  getConnectionStatus(): ConnectionStatus {
    return this.status;
  }

  getUniqueId(): number {
    return this.status === ConnectionStatus.CONNECTED ? SERVER_PEER_ID : 0;
  }

  setOption<K extends keyof PeerOptions>(key: K, value: PeerOptions[K]): void {
    this.options[key] = validateOption(key, value);
  }

  /** The largest packet the application may send with the current options (Godot's `get_max_packet_size`). */
  maxPacketSize(): number {
    return maxPacketSize(this.options.outboundBufferSize, this.dialect.packetOverhead);
  }

  get refuseNewConnections(): boolean {
    return this.refusing;
  }

  set refuseNewConnections(value: boolean) {
    this.refusing = value;
  }

  /**
   * Stops the server: every open peer is sent a 1000 close frame, pending sockets are aborted,
   * queues are cleared. No peer events fire (as Godot). Sockets still closing are terminated at
   * their deadline by `tick`.
   */
  close(): void {
    if (this.status === ConnectionStatus.DISCONNECTED && this.records.size === 0) return;
    this.status = ConnectionStatus.DISCONNECTED;
    const now = this.config.clock();
    for (const record of [...this.records.values()]) {
      if (record.state === "pending") this.finish(record, "force");
      else if (record.state === "open") {
        this.admitted.delete(record.id);
        this.move(record, "close");
        record.closedByServer = true;
        record.deadline = this.armed(now + this.closeGraceMs());
        record.connection?.close(CloseCode.NORMAL, "");
      }
      record.ownQueue?.clear();
    }
    this.admitted.clear();
    this.inbox.clear();
  }

  /** Connections refused before they became peers, in all and by reason. */
  get refusals(): Admission["refusals"] {
    return this.admission.refusals;
  }

  /** Connections not yet gone (pending, open or closing). Zero after `close()` once sockets finished. */
  get liveConnections(): number {
    return this.records.size;
  }

  // ---- inputs from the adapter -------------------------------------------------------------

  /** A TCP connection was accepted. Returns the link the adapter reports this socket's events to. */
  accept(socket: PendingSocket, now: number = this.config.clock()): ServerLink {
    const id = allocatePeerId(this.config.random, (candidate) => this.records.has(candidate));
    const record: ServerPeerRecord = {
      id,
      state: "pending",
      socket,
      connection: undefined,
      deadline: this.armed(now + this.options.handshakeTimeout * 1000),
      protocol: "",
      closeCode: -1,
      closeReason: "",
      closedByServer: false,
      queuedPackets: 0,
      queuedBytes: 0,
      ownQueue: undefined,
      tracked: false,
      leaving: false,
      peerClosed: false,
      heartbeat: undefined,
      rate: undefined,
      fullSince: undefined,
    };
    const refusal = this.status === ConnectionStatus.CONNECTED ? this.admission.atAccept(socket.remoteAddress, this.pendingCount, this.openCount) : undefined;
    if (this.status !== ConnectionStatus.CONNECTED || refusal !== undefined) {
      socket.abort();
      this.move(record, "refuse");
      if (refusal !== undefined) this.refused(record, refusal, `refused at accept (${refusal})`);
      return this.linkFor(record);
    }
    record.tracked = true;
    this.pendingCount++;
    this.admission.track(socket.remoteAddress);
    this.records.set(id, record);
    return this.linkFor(record);
  }

  /** Processes deadlines. Returns the next deadline, if any. */
  tick(now: number = this.config.clock()): number | undefined {
    for (const record of [...this.records.values()]) {
      if (record.deadline > now) continue;
      if (record.state === "pending") {
        this.handshakeFailed(record, ErrorCode.HANDSHAKE_TIMEOUT, "the WebSocket handshake did not finish in time");
        this.finish(record, "timeout");
      } else if (record.state === "closing") {
        this.finish(record, "timeout");
      }
    }
    this.beat(now);
    // After close() the dialect's deadlines no longer matter (no event fires after close, as Godot).
    if (this.status === ConnectionStatus.CONNECTED) this.dialect.tick?.(now);
    return this.nextDeadline();
  }

  /** The earliest time `tick` has work to do. */
  nextDeadline(): number | undefined {
    let next = this.status === ConnectionStatus.CONNECTED ? this.dialect.nextDeadline?.() : undefined;
    for (const record of this.records.values()) {
      const due = record.state === "open" ? record.heartbeat?.due : record.deadline;
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  private linkFor(record: ServerPeerRecord): ServerLink {
    return {
      id: record.id,
      upgrade: (offered, headers, request) => this.upgrade(record, offered, headers, request),
      open: (connection) => this.open(record, connection),
      message: (data) => this.message(record, data),
      closed: (code, reason) => this.closed(record, code, reason),
      error: (message, closeCode) => this.transportError(record, message, closeCode),
      pong: () => {
        if (record.heartbeat) record.heartbeat.alive = true;
      },
    };
  }

  private upgrade(
    record: ServerPeerRecord,
    offered: readonly string[],
    headers: Readonly<Record<string, string>>,
    request: UpgradeRequest | undefined,
  ): UpgradeDecision | Promise<UpgradeDecision> {
    if (record.state !== "pending") return { accept: false, reason: "connection is no longer pending" };
    const protocol = negotiateSubprotocol(offered, this.options.supportedProtocols);
    const rule = this.refusing
      ? { reason: RefusalReason.REFUSING, text: "the server refuses new connections" }
      : (this.admission.atUpgrade(headers["origin"] ?? "", this.openCount) ??
        (protocol === null
          ? {
              reason: RefusalReason.SUBPROTOCOL,
              text: `no common subprotocol (offered: ${offered.join(",") || "none"}; supported: ${this.options.supportedProtocols.join(",") || "none"})`,
            }
          : undefined));
    if (rule !== undefined || protocol === null) return this.refuseUpgrade(record, rule!.reason, rule!.text, "status" in rule! ? rule.status : undefined);
    const hook = this.limits.admit;
    if (!hook) return this.acceptUpgrade(record, protocol);
    let result: AdmissionResult | PromiseLike<AdmissionResult>;
    try {
      result = hook({
        remoteAddress: record.socket.remoteAddress,
        remotePort: record.socket.remotePort,
        path: request?.path ?? "/",
        origin: headers["origin"] ?? "",
        headers,
        protocols: offered,
      });
    } catch (error) {
      return this.hookFailed(record, error);
    }
    if (!isPromiseLike<AdmissionResult>(result)) return this.admitted_(record, result, protocol);
    return Promise.resolve(result).then(
      (answer) => this.admitted_(record, answer, protocol),
      (error: unknown) => this.hookFailed(record, error),
    );
  }

  /** The `admit` hook answered (perhaps later: the connection may have timed out meanwhile). */
  private admitted_(record: ServerPeerRecord, answer: AdmissionResult, protocol: string): UpgradeDecision {
    if (record.state !== "pending") return { accept: false, reason: "the handshake ended while the admit hook ran" };
    const verdict = admissionVerdict(answer);
    return verdict ? this.refuseUpgrade(record, RefusalReason.ADMISSION, verdict.text, verdict.status) : this.acceptUpgrade(record, protocol);
  }

  private hookFailed(record: ServerPeerRecord, error: unknown): UpgradeDecision {
    this.config.emit({ type: "hook_error", error });
    if (record.state !== "pending") return { accept: false, reason: "the admit hook failed" };
    return this.refuseUpgrade(record, RefusalReason.ADMISSION, "the admit hook threw", 500);
  }

  private acceptUpgrade(record: ServerPeerRecord, protocol: string): UpgradeDecision {
    record.protocol = protocol;
    return { accept: true, protocol, headers: this.options.handshakeHeaders.map(parseHeaderLine) };
  }

  /** The connection never becomes a peer. The adapter answers the request (or drops it) and closes the socket. */
  private refuseUpgrade(record: ServerPeerRecord, reason: RefusalReason, text: string, status: number | undefined): UpgradeDecision {
    this.finish(record, "refuse", false);
    this.refused(record, reason, text);
    return { accept: false, reason: text, status };
  }

  private refused(record: ServerPeerRecord, reason: RefusalReason, text: string): void {
    this.admission.countRefusal(reason);
    this.handshakeFailed(record, ErrorCode.HANDSHAKE_REJECTED, text, reason);
  }

  private open(record: ServerPeerRecord, connection: Connection): void {
    if (record.state !== "pending") {
      connection.terminate();
      return;
    }
    record.connection = connection;
    record.protocol = connection.protocol;
    if (this.refusing) {
      this.refused(record, RefusalReason.REFUSING, "the server refuses new connections");
      this.finish(record, "refuse");
      return;
    }
    this.move(record, "open");
    const now = this.config.clock();
    if (this.options.heartbeatInterval > 0 && connection.ping) record.heartbeat = createHeartbeat(now, this.armed(now + this.options.heartbeatInterval * 1000) - now);
    if (rateLimited(this.limits)) record.rate = createRateBucket(now, this.limits);
    this.admitted.set(record.id, record);
    const admission = this.dialect.admit(record.id);
    if (admission === "deferred") {
      // The dialect admits the peer later (ctx.connected); until then it is open but not routed.
      this.admitted.delete(record.id);
      return;
    }
    if (!admission) {
      this.admitted.delete(record.id);
      this.handshakeFailed(record, ErrorCode.OUTBOUND_FULL, "the join messages could not be sent");
      this.finish(record, "force");
      return;
    }
    if ((record.state as ServerPeerState) === "open") this.config.emit({ type: "peer_connected", id: record.id, protocol: record.protocol });
  }

  private message(record: ServerPeerRecord, data: Payload): void {
    if (record.state !== "open") return; // late data after we started closing: ignored, as Godot does
    const size = payloadLength(data);
    if (size > this.options.inboundBufferSize) {
      this.reject(record.id, CloseCode.MESSAGE_TOO_BIG, ErrorCode.MESSAGE_TOO_BIG, `message of ${size} bytes exceeds inboundBufferSize (${this.options.inboundBufferSize})`);
      return;
    }
    if (record.heartbeat) record.heartbeat.alive = true;
    if (record.rate) {
      const excess = takeRate(record.rate, size, this.config.clock(), this.limits);
      if (excess !== undefined) {
        const message = `peer ${record.id} sent ${excess}`;
        if (this.options.overflow === "close") this.reject(record.id, CloseCode.POLICY_VIOLATION, ErrorCode.RATE_LIMITED, message);
        else this.drop({ peer: record.id, direction: "in", size, code: ErrorCode.RATE_LIMITED, reason: message });
        return;
      }
    }
    this.dialect.receive(record.id, data);
  }

  private closed(record: ServerPeerRecord, code: number, reason: string): void {
    if (record.state === "gone") return;
    record.peerClosed = code !== CloseCode.ABNORMAL;
    const wasOpen = record.state === "open";
    if (!record.closedByServer) {
      record.closeCode = code;
      record.closeReason = stripTrailingNul(reason);
      if (wasOpen && code !== CloseCode.ABNORMAL) this.config.emit({ type: "close_request", id: record.id, code, reason: record.closeReason });
    }
    if (record.state === "pending") this.handshakeFailed(record, ErrorCode.CLOSED, "the socket closed during the handshake");
    this.finish(record, "closed");
  }

  private transportError(record: ServerPeerRecord, message: string, closeCode?: number): void {
    if (record.state !== "open") return;
    const code = closeCode === CloseCode.MESSAGE_TOO_BIG ? ErrorCode.MESSAGE_TOO_BIG : ErrorCode.PROTOCOL;
    this.reject(record.id, closeCode ?? CloseCode.PROTOCOL_ERROR, code, message);
  }

  // ---- the application side ----------------------------------------------------------------

  /** Sends through the dialect's routing. Returns Godot's error code. */
  put(target: number, data: Payload): GodotError {
    if (this.status !== ConnectionStatus.CONNECTED || !this.dialect.packetApi) return GodotError.ERR_UNCONFIGURED;
    return this.dialect.put(target, data);
  }

  /**
   * Closes one peer. Without `force` a close frame is sent, the peer leaves routing at once and
   * `peer_disconnected` fires; with `force` the socket is dropped at once and nothing fires.
   * Returns false when no such peer is live.
   */
  disconnectPeer(id: number, options: { force?: boolean; code?: number; reason?: string } = {}): boolean {
    const record = this.records.get(id);
    if (!record || record.state === "gone") return false;
    if (options.force) {
      this.admitted.delete(id);
      this.finish(record, "force");
      return true;
    }
    if (record.state === "pending") {
      this.finish(record, "force");
      return true;
    }
    if (record.state === "open") this.startClose(record, options.code ?? CloseCode.NORMAL, options.reason ?? "");
    return true;
  }

  getPeer(id: number): ServerPeerRecord | undefined {
    const record = this.records.get(id);
    return record && record.state !== "pending" ? record : undefined;
  }

  hasPeer(id: number): boolean {
    return this.admitted.has(id);
  }

  peerIds(): number[] {
    return [...this.admitted.keys()];
  }

  /**
   * Sends one wire message to a peer (raw send for per-peer handles). `relayed` marks a message the
   * server passes on between peers, which the `slowPeer` policy treats apart.
   */
  sendTo(id: number, data: Payload, relayed = false): GodotError {
    const record = this.records.get(id);
    if (!record || record.state !== "open" || !record.connection) return GodotError.FAILED;
    const err = sendWithinLimits(record.connection, data, this.options, id, (info) => this.drop(info));
    if (err === GodotError.OK) record.fullSince = undefined;
    else if (err === GodotError.ERR_OUT_OF_MEMORY && !(this.options.outboundBufferSize > 0 && payloadLength(data) > this.options.outboundBufferSize)) this.slowPeer(record, relayed);
    return err;
  }

  /** A message did not fit a peer's outbound buffer: the `slowPeer` policy decides whether it stays. */
  private slowPeer(record: ServerPeerRecord, relayed: boolean): void {
    const policy = this.limits.slowPeer;
    if (policy === "drop" || (policy === "close-on-relay" && !relayed)) return;
    if (policy === "close") {
      const now = this.config.clock();
      record.fullSince ??= now;
      if (now - record.fullSince < this.limits.slowPeerTimeout * 1000) return;
    }
    this.reject(record.id, CloseCode.SLOW_CONSUMER, ErrorCode.OUTBOUND_FULL, `peer ${record.id} reads too slowly: its outbound buffer is full`);
  }

  /** Runs the heartbeat of every open peer whose step is due. */
  private beat(now: number): void {
    const interval = this.options.heartbeatInterval * 1000;
    for (const record of this.records.values()) {
      const beat = record.heartbeat;
      if (!beat || record.state !== "open" || beat.due > now) continue;
      if (interval <= 0) {
        record.heartbeat = undefined;
        continue;
      }
      const action = stepHeartbeat(beat, now, interval, this.options.heartbeatTimeout * 1000);
      if (action === "ping") record.connection?.ping?.();
      else if (action === "dead") {
        this.reject(record.id, CloseCode.HEARTBEAT_TIMEOUT, ErrorCode.HEARTBEAT_TIMEOUT, `no pong within heartbeatTimeout (${this.options.heartbeatTimeout} s)`);
        continue;
      }
      this.armed(beat.due);
    }
  }

  // ---- internals ---------------------------------------------------------------------------

  private deliver(from: number, data: Payload, via: number): boolean {
    const owner = this.records.get(via);
    if (!owner) return false;
    const size = payloadLength(data);
    const refusal = inboundRefusal(owner, size, this.options);
    if (refusal !== undefined) {
      const reason = `peer ${via}: ${refusal}`;
      if (this.options.overflow === "close") {
        this.reject(via, CloseCode.POLICY_VIOLATION, ErrorCode.INBOUND_FULL, `inbound queue full: ${reason}`);
      } else this.drop({ peer: via, direction: "in", size, code: ErrorCode.INBOUND_FULL, reason });
      return false;
    }
    // Raw mode keeps each peer's packets apart (Godot 3 `get_peer(id).get_packet()`); the limits are the same.
    if (this.dialect.packetApi) this.inbox.push(from, data, via, owner, size);
    else (owner.ownQueue ??= new InboundQueue()).push({ from, data, isText: typeof data === "string", via }, owner, size);
    this.config.emit(PACKET_AVAILABLE);
    return true;
  }

  private drop(info: DropInfo): void {
    this.inbox.countDrop(info);
    this.config.emit({ type: "packet_dropped", info });
  }

  private reject(id: number, closeCode: number, code: ErrorCode, message: string): void {
    const record = this.records.get(id);
    if (!record || record.state !== "open") return;
    this.config.emit({ type: "protocol_error", info: { peer: id, code, message, closeCode } });
    if (record.state !== "open") return; // a protocol_error listener already closed it
    this.startClose(record, closeCode, reasonText(code));
  }

  private startClose(record: ServerPeerRecord, code: number, reason: string): void {
    const wasAdmitted = this.admitted.delete(record.id);
    this.move(record, "close");
    record.closedByServer = true;
    record.closeCode = code;
    record.closeReason = reason;
    record.deadline = this.armed(this.config.clock() + this.closeGraceMs());
    // As Godot: once we close a peer, the packets it had queued are discarded.
    record.ownQueue?.clear();
    this.dialect.leave(record.id);
    // `peer_disconnected` fires when the socket is gone (which some runtimes report from inside
    // `close`), so that it can say whether the close handshake finished.
    record.leaving = wasAdmitted;
    record.connection?.close(code, reason);
  }

  /** A peer the dialect deferred at `admit` is admitted now. */
  private connectDeferred(id: number): boolean {
    const record = this.records.get(id);
    if (!record || record.state !== "open" || this.admitted.has(id)) return false;
    this.admitted.set(id, record);
    this.config.emit({ type: "peer_connected", id, protocol: record.protocol });
    return true;
  }

  /**
   * Moves a record to `gone`, releasing its socket (unless `release` is false: the adapter answers
   * a refused upgrade itself) and emitting what the rules say.
   */
  private finish(record: ServerPeerRecord, input: ServerInput, release = true): void {
    // A listener of an event emitted on the way here may already have dropped this peer.
    if (record.state === "gone") return;
    const wasOpen = record.state === "open";
    const wasClosing = record.state === "closing";
    this.move(record, input);
    this.records.delete(record.id);
    if (record.tracked) this.admission.release(record.socket.remoteAddress);
    const wasAdmitted = this.admitted.delete(record.id);
    if (wasClosing && record.leaving && input !== "force" && this.status === ConnectionStatus.CONNECTED) {
      record.leaving = false;
      this.config.emit({ type: "peer_disconnected", id: record.id, info: closeInfo(record, input === "closed" && record.peerClosed) });
    }
    if (release && (input === "force" || input === "timeout" || input === "refuse")) {
      if (record.connection) record.connection.terminate();
      else record.socket.abort();
    }
    if (wasOpen && (input === "closed" || input === "force") && this.status === ConnectionStatus.CONNECTED) {
      // A forced drop fires no event (as Godot), but the dialect still learns the peer is gone.
      this.dialect.leave(record.id);
      if (input === "closed" && wasAdmitted) {
        this.config.emit({ type: "peer_disconnected", id: record.id, info: closeInfo(record, record.closeCode !== CloseCode.ABNORMAL) });
      }
    }
  }

  private move(record: ServerPeerRecord, input: ServerInput): void {
    const previous = record.state;
    const next = step(SERVER_TABLE, previous, input);
    if (next === undefined) throw new Error(`wsmp bug: server peer ${record.id} cannot take "${input}" in state "${previous}"`);
    record.state = next;
    if (!record.tracked) return;
    if (previous === "pending") this.pendingCount--;
    if (previous === "open") this.openCount--;
    if (next === "open") this.openCount++;
  }

  private handshakeFailed(record: ServerPeerRecord, code: ErrorCode, reason: string, refusal?: RefusalReason): void {
    this.config.emit({
      type: "handshake_failed",
      info: { id: record.id, remoteAddress: record.socket.remoteAddress, remotePort: record.socket.remotePort, code, reason, refusal },
    });
  }

  private armed(deadline: number): number {
    this.config.wake?.(deadline);
    return deadline;
  }

  private closeGraceMs(): number {
    return this.options.handshakeTimeout * 1000;
  }
}
