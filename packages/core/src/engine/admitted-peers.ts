import { type Payload, payloadLength } from "../shared/bytes.js";
import type { FanOut, FanOutGroup } from "../contract/fan-out.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { ServerPeerRecord } from "./server-engine-events.js";
import type { TrafficCounters } from "./traffic.js";

/** What a broadcast needs from the server engine. */
export interface BroadcastHost {
  readonly options: Readonly<PeerOptions>;
  readonly traffic: TrafficCounters;
  /** The one-by-one send: writes if the peer's outbound limits take the message (undefined), else returns why not, reporting nothing. */
  write(record: ServerPeerRecord, data: Payload, size: number, relayed: boolean): string | undefined;
  /** Reports a refused message (`packet_dropped`, then the `slowPeer` policy). */
  refuse(record: ServerPeerRecord, size: number, reason: string, relayed: boolean): void;
}

/**
 * The admitted peers (id sent, not closing) in admission order, and the broadcast to them.
 *
 * Without a fan-out, a broadcast is one `sendTo` per peer, each checked against that peer's
 * outbound limits (`outboundBufferSize`, `maxQueuedPackets`) and reported when refused. When the
 * peers' transport has a fan-out (contract/fan-out.ts), a peer whose buffer has room is also a
 * member of one group of it, and a broadcast goes to all members in one operation, with the
 * same limits kept exactly:
 * - each member has a room: how far the group's byte and message counts (what was sent through
 *   the group so far) may go before that member could refuse a message. It is measured from the
 *   member's `bufferedAmount` / `bufferedMessages` when it joins or is checked, and shrinks with
 *   every message sent to it one by one. The transport counts what it has not written yet in
 *   those numbers, so a room never overstates what the member can take.
 * - a message that fits every member's room goes out through the group with no per-member work.
 *   Otherwise the members it would not fit are measured again; those that really cannot take it
 *   leave the group, and like every peer outside it they are sent the message one by one, which
 *   refuses it (`packet_dropped`, the `slowPeer` policy) exactly as without a fan-out.
 * - a peer outside the group (re)joins after a one-by-one send succeeded while its buffer was at
 *   most half full; a member whose one-by-one send was refused leaves. So no member has a
 *   `slowPeer` clock running.
 * - a message larger than `outboundBufferSize`, or one that must skip two members, goes out one
 *   by one.
 * Either way a broadcast first writes the message to every peer that can take it, then reports
 * the peers that could not (`packet_dropped`, then the `slowPeer` policy, which may close them),
 * in admission order: what those reports set off (a close, the leave announcements it sends, an
 * event listener's own sends) comes after the broadcast on every socket.
 */
export class AdmittedPeers extends Map<number, ServerPeerRecord> {
  private host: BroadcastHost | undefined;
  private source: FanOut | undefined;
  private group: FanOutGroup | undefined;
  private members = 0;
  private outsiders = 0;
  /** Bytes and messages sent through the group so far. */
  private sentBytes = 0;
  private sentMessages = 0;
  /** No member's room ends before these. */
  private minRoomBytes = Number.POSITIVE_INFINITY;
  private minRoomMessages = Number.POSITIVE_INFINITY;

  /** Connects the broadcast to its engine (once, before the first peer is admitted). */
  bind(host: BroadcastHost): void {
    this.host = host;
  }

  override set(id: number, record: ServerPeerRecord): this {
    if (super.has(id)) return super.set(id, record);
    super.set(id, record);
    this.outsiders++;
    this.join(record);
    return this;
  }

  override delete(id: number): boolean {
    const record = super.get(id);
    if (record === undefined) return false;
    if (record.member) this.leave(record);
    this.outsiders--;
    return super.delete(id);
  }

  override clear(): void {
    for (const id of [...super.keys()]) this.delete(id);
  }

  /**
   * Sends `data` to every admitted peer but `skip` and `exclude` (0: none): members through the
   * group, the others one by one. `relayed` marks a message passed on between peers (see `sendTo`).
   */
  broadcast(data: Payload, skip: number, exclude: number, relayed: boolean): void {
    const group = this.group;
    const host = this.host!;
    const size = payloadLength(data);
    const limit = host.options.outboundBufferSize;
    const a = skip > 0 ? super.get(skip) : undefined;
    const b = exclude > 0 && exclude !== skip ? super.get(exclude) : undefined;
    const skipsMember = a !== undefined && a.member;
    const excludesMember = b !== undefined && b.member;
    if (group === undefined || this.members === 0 || (skipsMember && excludesMember) || (limit > 0 && size > limit)) {
      this.oneByOne(data, size, skip, exclude, relayed, false);
      return;
    }
    const except = skipsMember ? a : excludesMember ? b : undefined;
    if (this.sentBytes + size > this.minRoomBytes || this.sentMessages + 1 > this.minRoomMessages) this.recheck(size, except);
    const receivers = this.members - (except === undefined ? 0 : 1);
    if (receivers > 0) {
      group.send(data, except?.connection);
      this.sentBytes += size;
      this.sentMessages++;
      host.traffic.messagesOut += receivers;
      host.traffic.bytesOut += size * receivers;
    }
    if (this.outsiders > 0) this.oneByOne(data, size, skip, exclude, relayed, true);
  }

  /** A message of `size` bytes was written to `record` one by one (`written`), or refused. */
  sentOne(record: ServerPeerRecord, size: number, written: boolean): void {
    if (!written) {
      if (record.member) this.leave(record);
      return;
    }
    if (!record.member) {
      if (super.get(record.id) === record) this.join(record);
      return;
    }
    record.roomBytes -= size;
    record.roomMessages -= 1;
    if (record.roomBytes < this.minRoomBytes) this.minRoomBytes = record.roomBytes;
    if (record.roomMessages < this.minRoomMessages) this.minRoomMessages = record.roomMessages;
  }

  /** The outbound limits changed: every member is measured again before the next broadcast. */
  limitsChanged(): void {
    for (const record of super.values()) {
      record.roomBytes = Number.NEGATIVE_INFINITY;
      record.roomMessages = Number.NEGATIVE_INFINITY;
    }
    this.minRoomBytes = Number.NEGATIVE_INFINITY;
    this.minRoomMessages = Number.NEGATIVE_INFINITY;
  }

  /**
   * One write per admitted peer but `skip` and `exclude` (with `outsidersOnly`, members are left
   * out), then the refusals reported in admission order.
   */
  private oneByOne(data: Payload, size: number, skip: number, exclude: number, relayed: boolean, outsidersOnly: boolean): void {
    const host = this.host!;
    let refused: ServerPeerRecord[] | undefined;
    let reasons: string[] | undefined;
    for (const record of super.values()) {
      if ((outsidersOnly && record.member) || record.id === skip || record.id === exclude) continue;
      const reason = host.write(record, data, size, relayed);
      if (reason === undefined) continue;
      (refused ??= []).push(record);
      (reasons ??= []).push(reason);
    }
    if (refused === undefined) return;
    for (let i = 0; i < refused.length; i++) host.refuse(refused[i]!, size, reasons![i]!, relayed);
  }

  /** Measures again the members whose room may not take `size` more bytes; those that cannot leave. */
  private recheck(size: number, except: ServerPeerRecord | undefined): void {
    let minBytes = Number.POSITIVE_INFINITY;
    let minMessages = Number.POSITIVE_INFINITY;
    for (const record of super.values()) {
      if (!record.member) continue;
      if (record !== except && (this.sentBytes + size > record.roomBytes || this.sentMessages + 1 > record.roomMessages)) {
        this.measure(record);
        if (this.sentBytes + size > record.roomBytes || this.sentMessages + 1 > record.roomMessages) {
          this.leave(record);
          continue;
        }
      }
      if (record.roomBytes < minBytes) minBytes = record.roomBytes;
      if (record.roomMessages < minMessages) minMessages = record.roomMessages;
    }
    this.minRoomBytes = minBytes;
    this.minRoomMessages = minMessages;
  }

  /** A member's room, from its buffer now. */
  private measure(record: ServerPeerRecord): void {
    const connection = record.connection!;
    const { outboundBufferSize, maxQueuedPackets } = this.host!.options;
    record.roomBytes = outboundBufferSize > 0 ? this.sentBytes + outboundBufferSize - connection.bufferedAmount : Number.POSITIVE_INFINITY;
    const queued = connection.bufferedMessages;
    record.roomMessages = queued === undefined ? Number.POSITIVE_INFINITY : this.sentMessages + maxQueuedPackets - queued;
  }

  /** Puts an admitted peer in the group if its transport has the fan-out and its buffer is at most half full. */
  private join(record: ServerPeerRecord): void {
    const connection = record.connection;
    const fanOut = connection?.fanOut;
    if (fanOut === undefined || this.host === undefined || record.slow !== undefined) return;
    if (this.source === undefined) {
      this.source = fanOut;
      this.group = fanOut.createGroup();
    } else if (fanOut !== this.source) return;
    const { outboundBufferSize, maxQueuedPackets } = this.host.options;
    if (outboundBufferSize > 0 && connection!.bufferedAmount * 2 > outboundBufferSize) return;
    if ((connection!.bufferedMessages ?? 0) * 2 > maxQueuedPackets) return;
    this.measure(record);
    this.group!.add(connection!);
    record.member = true;
    this.members++;
    this.outsiders--;
    if (record.roomBytes < this.minRoomBytes) this.minRoomBytes = record.roomBytes;
    if (record.roomMessages < this.minRoomMessages) this.minRoomMessages = record.roomMessages;
  }

  private leave(record: ServerPeerRecord): void {
    record.member = false;
    this.members--;
    this.outsiders++;
    this.group!.delete(record.connection!);
  }
}
