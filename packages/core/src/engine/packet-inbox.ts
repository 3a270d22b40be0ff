import type { Payload } from "../shared/bytes.js";
import type { GodotError } from "../shared/constants.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { DropInfo } from "./dialect-contract.js";
import { InboundQueue, type Packet, type QueueAccount } from "./inbound-queue.js";

/** The event both engines emit when a packet was queued; one shared object, none per packet. */
export const PACKET_AVAILABLE = Object.freeze({ type: "packet_available" } as const);

/**
 * The application's end of an engine: the queue of incoming packets and the count of packets
 * dropped so far. Each engine holds one; the facades read packets from it.
 */
export class PacketInbox {
  private readonly queue = new InboundQueue();
  private dropped = 0;
  /** While `watchOutbound` runs: the peer it watches and the first outbound drop for that peer. */
  private watched: { readonly peer: number; drop: DropInfo | undefined } | undefined;

  /** Pops the oldest incoming packet (a new object, which the caller may keep). */
  receive(): Packet | undefined {
    return this.queue.shift();
  }

  /** Pops the oldest incoming packet's bytes (a string for text) without building a `Packet`. */
  receiveData(): Payload | undefined {
    return this.queue.shiftData();
  }

  /** The sender of the oldest packet, if any. */
  peekSource(): number | undefined {
    return this.queue.peekFrom();
  }

  get availablePackets(): number {
    return this.queue.length;
  }

  get droppedPacketCount(): number {
    return this.dropped;
  }

  /** Counts one packet that was not delivered or not sent. */
  countDrop(info: DropInfo): void {
    this.dropped++;
    const watched = this.watched;
    if (watched && watched.drop === undefined && info.direction === "out" && info.peer === watched.peer) watched.drop = info;
  }

  /**
   * Runs `send` and returns its result together with the outbound drop it caused for `peer`, if
   * any: how the idiomatic `send` to one peer learns why nothing went out, where Godot's
   * `put_packet` reports only a number (or, on a Godot 4 server, nothing at all).
   */
  watchOutbound(peer: number, send: () => GodotError): { readonly err: GodotError; readonly drop: DropInfo | undefined } {
    const outer = this.watched;
    const watched = (this.watched = { peer, drop: undefined as DropInfo | undefined });
    try {
      return { err: send(), drop: watched.drop };
    } finally {
      this.watched = outer;
    }
  }

  push(from: number, data: Payload, via: number, account: QueueAccount, size: number): void {
    this.queue.enqueue(from, data, via, account, size);
  }

  clear(): void {
    this.queue.clear();
  }
}

/**
 * The per-peer inbound rule: why `size` more bytes cannot be queued for `account` (its packet
 * count at `maxQueuedPackets`, or its bytes past `inboundBufferSize`), or undefined when they fit.
 */
export function inboundRefusal(account: QueueAccount, size: number, options: Pick<PeerOptions, "maxQueuedPackets" | "inboundBufferSize">): string | undefined {
  if (account.queuedPackets < options.maxQueuedPackets && account.queuedBytes + size <= options.inboundBufferSize) return undefined;
  return `${account.queuedPackets} packets / ${account.queuedBytes} bytes already queued`;
}
