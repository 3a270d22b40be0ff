import type { Connection } from "../contract/connection.js";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { ServerLimits } from "../shared/server-limits.js";
import type { DropInfo } from "./dialect-contract.js";
import { createHeartbeat, dueHeartbeat } from "./heartbeat.js";
import { createRateBucket, rateLimited, takeRate } from "./rate-limit.js";
import type { ServerPeerRecord } from "./server-engine-events.js";
import { onRefused, slowDeadline, stillFull } from "./slow-peer.js";

/** What the guards ask of the server engine. */
export interface GuardActions {
  /** Arms the caller's timer for `deadline` (ms) and returns it. */
  armed(deadline: number): number;
  /** Closes an open peer over a violation (protocol_error, then the close handshake). */
  close(record: ServerPeerRecord, closeCode: number, code: ErrorCode, message: string): void;
  drop(info: DropInfo): void;
  /** The engine's clock (ms), read only when a rule needs the time. */
  now(): number;
}

/**
 * The protections of one server's open peers that need the clock or look at each message: the
 * heartbeat (heartbeat.ts), the inbound rate limit (rate-limit.ts) and the `slowPeer` clock
 * (slow-peer.ts). The engine tells the guards what happened; the guards arm deadlines and close
 * or drop through `GuardActions`.
 */
export class PeerGuards {
  constructor(
    private readonly options: Readonly<PeerOptions>,
    private readonly limits: Readonly<ServerLimits>,
    private readonly act: GuardActions,
  ) {}

  /** A peer's WebSocket opened at `now`: start its heartbeat and rate buckets, if they are on. */
  opened(record: ServerPeerRecord, connection: Connection, now: number): void {
    if (this.options.heartbeatInterval > 0 && connection.ping) record.heartbeat = createHeartbeat(now, this.act.armed(now + this.options.heartbeatInterval * 1000) - now);
    // Stryker disable next-line ConditionalExpression: buckets whose rates are both 0 never refuse; skipping them saves work per message
    if (rateLimited(this.limits)) record.rate = createRateBucket(now, this.limits);
  }

  /** A message of `size` bytes arrived from an open peer: whether it may go on to the dialect. */
  inbound(record: ServerPeerRecord, size: number): boolean {
    if (record.heartbeat) record.heartbeat.alive = true;
    if (!record.rate) return true;
    const excess = takeRate(record.rate, size, this.act.now(), this.limits);
    if (excess === undefined) return true;
    const message = `peer ${record.id} sent ${excess}`;
    if (this.options.overflow === "close") this.act.close(record, CloseCode.POLICY_VIOLATION, ErrorCode.RATE_LIMITED, message);
    else this.act.drop({ peer: record.id, direction: "in", size, code: ErrorCode.RATE_LIMITED, reason: message });
    return false;
  }

  /** A pong (or any sign of life) arrived. */
  alive(record: ServerPeerRecord): void {
    if (record.heartbeat) record.heartbeat.alive = true;
  }

  /** A message to `record` went out: its buffer takes messages again, so a slow clock stops. */
  took(record: ServerPeerRecord): void {
    record.slow = undefined;
  }

  /**
   * The outbound limits refused a message of `size` bytes to `record`. A refusal because the
   * buffer is full (not because the message alone is too big) goes to the `slowPeer` policy;
   * `relayed` marks a message the server passes on between peers.
   */
  refused(record: ServerPeerRecord, size: number, relayed: boolean): void {
    if (this.options.outboundBufferSize > 0 && size > this.options.outboundBufferSize) return;
    const { state, close } = onRefused(record.slow, size, relayed, this.act.now(), this.limits);
    record.slow = state;
    if (close) this.closeSlow(record);
    else if (state) this.act.armed(slowDeadline(state, this.limits)!);
  }

  /** The earliest time an open peer needs the clock, if it does. */
  due(record: ServerPeerRecord): number | undefined {
    const beat = record.heartbeat?.due;
    const slow = slowDeadline(record.slow, this.limits);
    return beat === undefined ? slow : slow === undefined ? beat : Math.min(beat, slow);
  }

  /** Runs every heartbeat step and slow-peer clock that is due. */
  tick(records: Iterable<ServerPeerRecord>, now: number): void {
    for (const record of [...records]) {
      if (record.state !== "open") continue;
      this.beat(record, now);
      const due = slowDeadline(record.slow, this.limits);
      if (due === undefined || due > now) continue;
      // The clock ran out: a buffer that still refuses closes the peer (unless the heartbeat just
      // did: closing it twice does nothing), one that drained clears the clock.
      if (stillFull(record.connection!, record.slow!, this.options)) this.closeSlow(record);
      else record.slow = undefined;
    }
  }

  private beat(record: ServerPeerRecord, now: number): void {
    const beat = record.heartbeat;
    if (!beat || beat.due > now) return;
    const action = dueHeartbeat(beat, now, this.options);
    if (action === "off") {
      record.heartbeat = undefined;
      return;
    }
    if (action === "dead") {
      this.act.close(record, CloseCode.HEARTBEAT_TIMEOUT, ErrorCode.HEARTBEAT_TIMEOUT, `no pong within heartbeatTimeout (${this.options.heartbeatTimeout} s)`);
      return;
    }
    if (action === "ping") record.connection?.ping?.();
    this.act.armed(beat.due);
  }

  private closeSlow(record: ServerPeerRecord): void {
    this.act.close(record, CloseCode.SLOW_CONSUMER, ErrorCode.OUTBOUND_FULL, `peer ${record.id} reads too slowly: its outbound buffer is full`);
  }
}
