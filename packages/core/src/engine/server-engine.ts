import { type Payload, payloadLength } from "../shared/bytes.js";
import type { Connection, PendingSocket, ServerLink, UpgradeDecision, UpgradeRequest } from "../contract/connection.js";
import { CloseCode, ConnectionStatus, GodotError, SERVER_PEER_ID } from "../shared/constants.js";
import type { DropInfo, ServerDialect, ServerDialectFactory } from "./dialect-contract.js";
import { ErrorCode, InvalidStateError } from "../shared/errors.js";
import { inboundRefusal, PACKET_AVAILABLE, PacketInbox } from "./packet-inbox.js";
import { InboundQueue } from "./inbound-queue.js";
import { maxPacketSize, outboundRefusal } from "./outbound-limit.js";
import { type PeerOptions, resolveOptions, validateOption } from "../shared/peer-options.js";
import { allocatePeerId } from "./peer-ids.js";
import type { RandomSource } from "../contract/transport.js";
import type { ServerPeerState } from "./transition-table.js";
import { reasonText, type ServerEvent, type ServerPeerRecord } from "./server-engine-events.js";
import { RefusalReason, resolveServerLimits, type ServerLimits } from "../shared/server-limits.js";
import { Admission } from "./admission.js";
import { PeerGuards } from "./peer-guards.js";
import { ServerClose } from "./server-close.js";
import { ServerRecords } from "./server-records.js";
import type { TrafficCounters } from "./traffic.js";
import { decideUpgrade, type UpgradeContext } from "./server-upgrade.js";

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
  /** Whether the application listens for a dialect signal (absent: assume it does). */
  readonly listens?: (name: string) => boolean;
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
  private readonly records = new ServerRecords();
  /** Peers that were given their id and are not closing, in admission order. */
  private readonly admitted = this.records.admitted;
  private readonly gate: UpgradeContext;
  private readonly guards: PeerGuards;
  private readonly closing: ServerClose;
  private status: ConnectionStatus = ConnectionStatus.DISCONNECTED;
  private refusing = false;
  /** Whole messages received from and handed to the transport, and their bytes (`MultiplayerServer.traffic`). */
  readonly traffic: TrafficCounters = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };

  constructor(private readonly config: ServerEngineConfig) {
    this.options = resolveOptions(config.options);
    this.limits = resolveServerLimits(config.limits);
    this.admission = new Admission(this.limits);
    const self = this;
    this.gate = {
      options: this.options,
      limits: this.limits,
      admission: this.admission,
      refusing: () => this.refusing,
      openCount: () => this.records.open,
      refuse: (record, reason, text) => {
        this.closing.finish(record, "refuse", false);
        this.refused(record, reason, text);
      },
      hookError: (error) => this.config.emit({ type: "hook_error", error }),
    };
    this.closing = new ServerClose({
      records: this.records,
      admission: this.admission,
      emit: (event) => this.config.emit(event),
      serving: () => this.status === ConnectionStatus.CONNECTED,
      leave: (id) => this.dialect.leave(id),
      closeDeadline: () => this.armed(this.config.clock() + this.closeGraceMs()),
    });
    this.guards = new PeerGuards(this.options, this.limits, {
      armed: (deadline) => this.armed(deadline),
      close: (record, closeCode, code, message) => this.closeOver(record, closeCode, code, message),
      drop: (info) => this.drop(info),
      now: () => this.config.clock(),
    });
    this.admitted.bind({
      options: this.options,
      traffic: this.traffic,
      write: (record, data, size, relayed) => this.write(record, data, size, relayed),
      refuse: (record, size, reason, relayed) => this.refuse(record, size, reason, relayed),
    });
    this.dialect = config.dialect({
      get options() {
        return self.options;
      },
      peerIds: () => this.admitted.keys(),
      hasPeer: (id) => this.admitted.has(id),
      sendTo: (id, data, relayed) => this.sendTo(id, data, relayed),
      broadcast: (data, skip, exclude, relayed) => this.admitted.broadcast(data, skip, exclude, relayed ?? false),
      deliver: (from, data, via) => this.deliver(from, data, via),
      reject: (id, closeCode, code, message) => this.reject(id, closeCode, code, message),
      dropped: (info) => this.drop(info),
      signal: (name, ...args) => this.config.emit({ type: "signal", name, args }),
      listens: (name) => this.config.listens?.(name) ?? true,
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
    // Stryker disable next-line ConditionalExpression: measuring the fan-out group again after any other option is only slower
    if (key === "outboundBufferSize" || key === "maxQueuedPackets") this.admitted.limitsChanged();
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
    this.status = ConnectionStatus.DISCONNECTED;
    const now = this.config.clock();
    for (const record of [...this.records.values()]) {
      if (record.state === "pending") this.closing.finish(record, "force");
      else if (record.state === "open") {
        this.admitted.delete(record.id);
        this.records.move(record, "close");
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
    const record = ServerRecords.create(id, socket, this.armed(now + this.options.handshakeTimeout * 1000));
    const refusal = this.status === ConnectionStatus.CONNECTED ? this.admission.atAccept(socket.remoteAddress, this.records.pending, this.records.open) : undefined;
    if (this.status !== ConnectionStatus.CONNECTED || refusal !== undefined) {
      socket.abort();
      this.records.move(record, "refuse");
      if (refusal !== undefined) this.refused(record, refusal, `refused at accept (${refusal})`);
      return this.linkFor(record);
    }
    this.records.track(record);
    this.admission.track(socket.remoteAddress);
    return this.linkFor(record);
  }

  /** Processes deadlines. Returns the next deadline, if any. */
  tick(now: number = this.config.clock()): number | undefined {
    for (const record of [...this.records.values()]) {
      if (record.deadline > now) continue;
      if (record.state === "pending") {
        this.closing.handshakeFailed(record, ErrorCode.HANDSHAKE_TIMEOUT, "the WebSocket handshake did not finish in time");
        this.closing.finish(record, "timeout");
      } else if (record.state === "closing") {
        this.closing.finish(record, "timeout");
      }
    }
    this.guards.tick(this.records.values(), now);
    // After close() the dialect's deadlines no longer matter (no event fires after close, as Godot).
    if (this.status === ConnectionStatus.CONNECTED) this.dialect.tick?.(now);
    return this.nextDeadline();
  }

  /** The earliest time `tick` has work to do. */
  nextDeadline(): number | undefined {
    let next = this.status === ConnectionStatus.CONNECTED ? this.dialect.nextDeadline?.() : undefined;
    for (const record of this.records.values()) {
      const due = record.state === "open" ? this.guards.due(record) : record.deadline;
      // Stryker disable next-line EqualityOperator: of two equal deadlines either one is the answer
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  private linkFor(record: ServerPeerRecord): ServerLink {
    return new RecordLink(this.inputs, record);
  }

  /** What every connection's link calls, shared by all of them (a link is two fields, not seven closures). */
  private readonly inputs: LinkInputs = {
    upgrade: (record, offered, headers, request) => decideUpgrade(this.gate, record, offered, headers, request),
    open: (record, connection) => this.open(record, connection),
    message: (record, data) => this.message(record, data),
    closed: (record, code, reason) => this.closing.closed(record, code, reason),
    error: (record, message, closeCode) => this.transportError(record, message, closeCode),
    pong: (record) => this.guards.alive(record),
  };

  private refused(record: ServerPeerRecord, reason: RefusalReason, text: string): void {
    this.admission.countRefusal(reason);
    this.closing.handshakeFailed(record, ErrorCode.HANDSHAKE_REJECTED, text, reason);
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
      this.closing.finish(record, "refuse");
      return;
    }
    this.records.move(record, "open");
    this.guards.opened(record, connection, this.config.clock());
    this.admitted.set(record.id, record);
    const admission = this.dialect.admit(record.id);
    if (admission === "deferred") {
      // The dialect admits the peer later (ctx.connected); until then it is open but not routed.
      this.admitted.delete(record.id);
      return;
    }
    if (!admission) {
      this.admitted.delete(record.id);
      this.closing.handshakeFailed(record, ErrorCode.OUTBOUND_FULL, "the join messages could not be sent");
      this.closing.finish(record, "force");
      return;
    }
    if ((record.state as ServerPeerState) === "open") this.config.emit({ type: "peer_connected", id: record.id, protocol: record.protocol });
  }

  private message(record: ServerPeerRecord, data: Payload): void {
    const size = payloadLength(data);
    this.traffic.messagesIn++;
    this.traffic.bytesIn += size;
    if (record.state !== "open") return; // late data after we started closing: ignored, as Godot does
    if (size > this.options.inboundBufferSize) {
      this.closeOver(record, CloseCode.MESSAGE_TOO_BIG, ErrorCode.MESSAGE_TOO_BIG, `message of ${size} bytes exceeds inboundBufferSize (${this.options.inboundBufferSize})`);
      return;
    }
    if (!this.guards.inbound(record, size)) return;
    this.dialect.receive(record.id, data);
  }

  private transportError(record: ServerPeerRecord, message: string, closeCode?: number): void {
    // `closeOver` ignores an error of a connection that is not open (the id may be another's by now).
    const code = closeCode === CloseCode.MESSAGE_TOO_BIG ? ErrorCode.MESSAGE_TOO_BIG : ErrorCode.PROTOCOL;
    this.closeOver(record, closeCode ?? CloseCode.PROTOCOL_ERROR, code, message);
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
    if (!record) return false;
    if (options.force) {
      this.admitted.delete(id);
      this.closing.finish(record, "force");
      return true;
    }
    if (record.state === "pending") {
      this.closing.finish(record, "force");
      return true;
    }
    if (record.state === "open") this.closing.start(record, options.code ?? CloseCode.NORMAL, options.reason ?? "");
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
    const size = payloadLength(data);
    const refusal = this.write(record, data, size, relayed);
    if (refusal === undefined) return GodotError.OK;
    this.refuse(record, size, refusal, relayed);
    return GodotError.ERR_OUT_OF_MEMORY;
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
        this.closeOver(owner, CloseCode.POLICY_VIOLATION, ErrorCode.INBOUND_FULL, `inbound queue full: ${reason}`);
      } else this.drop({ peer: via, direction: "in", size, code: ErrorCode.INBOUND_FULL, reason });
      return false;
    }
    // Raw mode keeps each peer's packets apart (Godot 3 `get_peer(id).get_packet()`); the limits are the same.
    if (this.dialect.packetApi) this.inbox.push(from, data, via, owner, size);
    else (owner.ownQueue ??= new InboundQueue()).enqueue(from, data, via, owner, size);
    this.config.emit(PACKET_AVAILABLE);
    return true;
  }

  /**
   * Writes one message to an open peer if its outbound limits take it, and returns undefined;
   * otherwise returns why not and reports nothing yet (`refuse` does, so that a broadcast reports
   * its refusals once every peer that could take the message has it).
   */
  private write(record: ServerPeerRecord, data: Payload, size: number, relayed: boolean): string | undefined {
    const refusal = outboundRefusal(record.connection!, size, this.options);
    if (refusal === undefined) {
      record.connection!.send(data);
      this.traffic.messagesOut++;
      this.traffic.bytesOut += size;
      this.guards.took(record);
    }
    this.admitted.sentOne(record, size, refusal === undefined);
    return refusal;
  }

  /** Reports a message `write` refused: `packet_dropped` (OUTBOUND_FULL), then the `slowPeer` policy. */
  private refuse(record: ServerPeerRecord, size: number, reason: string, relayed: boolean): void {
    this.drop({ peer: record.id, direction: "out", size, code: ErrorCode.OUTBOUND_FULL, reason });
    this.guards.refused(record, size, relayed);
  }

  private drop(info: DropInfo): void {
    this.inbox.countDrop(info);
    this.config.emit({ type: "packet_dropped", info });
  }

  private reject(id: number, closeCode: number, code: ErrorCode, message: string): void {
    const record = this.records.get(id);
    if (record) this.closeOver(record, closeCode, code, message);
  }

  /** Closes an open peer over a violation: `protocol_error`, then the close handshake. */
  private closeOver(record: ServerPeerRecord, closeCode: number, code: ErrorCode, message: string): void {
    if (record.state !== "open") return;
    this.config.emit({ type: "protocol_error", info: { peer: record.id, code, message, closeCode } });
    if (record.state !== "open") return; // a protocol_error listener already closed it
    this.closing.start(record, closeCode, reasonText(code));
  }

  /** A peer the dialect deferred at `admit` is admitted now. */
  private connectDeferred(id: number): boolean {
    const record = this.records.get(id);
    if (!record || record.state !== "open" || this.admitted.has(id)) return false;
    this.admitted.set(id, record);
    this.config.emit({ type: "peer_connected", id, protocol: record.protocol });
    return true;
  }

  private armed(deadline: number): number {
    this.config.wake?.(deadline);
    return deadline;
  }

  private closeGraceMs(): number {
    return this.options.handshakeTimeout * 1000;
  }
}

/** The engine's inputs for one connection, each taking its record. */
interface LinkInputs {
  upgrade(record: ServerPeerRecord, offered: readonly string[], headers: Readonly<Record<string, string>>, request?: UpgradeRequest): UpgradeDecision | Promise<UpgradeDecision>;
  open(record: ServerPeerRecord, connection: Connection): void;
  message(record: ServerPeerRecord, data: Payload): void;
  closed(record: ServerPeerRecord, code: number, reason: string): void;
  error(record: ServerPeerRecord, message: string, closeCode?: number): void;
  pong(record: ServerPeerRecord): void;
}

/** The `ServerLink` of one connection: its record and the engine's shared inputs. */
class RecordLink implements ServerLink {
  constructor(
    private readonly inputs: LinkInputs,
    private readonly record: ServerPeerRecord,
  ) {}

  get id(): number {
    return this.record.id;
  }

  upgrade(offered: readonly string[], headers: Readonly<Record<string, string>>, request?: UpgradeRequest): UpgradeDecision | Promise<UpgradeDecision> {
    return this.inputs.upgrade(this.record, offered, headers, request);
  }

  open(connection: Connection): void {
    this.inputs.open(this.record, connection);
  }

  message(data: Payload): void {
    this.inputs.message(this.record, data);
  }

  closed(code: number, reason: string): void {
    this.inputs.closed(this.record, code, reason);
  }

  error(message: string, closeCode?: number): void {
    this.inputs.error(this.record, message, closeCode);
  }

  pong(): void {
    this.inputs.pong(this.record);
  }
}
