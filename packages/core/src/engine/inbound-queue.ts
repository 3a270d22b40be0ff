import type { Payload } from "../shared/bytes.js";
import { Fifo } from "../shared/fifo.js";

/** One incoming packet. `data` is a string for text messages, bytes for binary ones. */
export interface Packet {
  /** The peer that sent it (for relayed protocols, the original sender). */
  readonly from: number;
  readonly data: Payload;
  readonly isText: boolean;
  /** The connection it arrived on (differs from `from` only when a server relays). */
  readonly via: number;
}

/** Whoever a queued packet is charged to: its per-peer counters shrink when the packet is read. */
export interface QueueAccount {
  queuedPackets: number;
  queuedBytes: number;
}

/**
 * The shared FIFO of incoming packets. Limits are per peer (each peer's account), so one
 * flooding peer fills only its own share and never pushes out the packets of others; the caller
 * checks the account against the limits before `push`. Each packet's account and size are kept
 * in rings of their own, beside the packet, so queueing allocates no entry object per packet.
 */
export class InboundQueue {
  private readonly packets = new Fifo<Packet>();
  private readonly accounts = new Fifo<QueueAccount>();
  private readonly sizes = new Fifo<number>();

  get length(): number {
    return this.packets.length;
  }

  push(packet: Packet, account: QueueAccount, size: number): void {
    account.queuedPackets++;
    account.queuedBytes += size;
    this.packets.push(packet);
    this.accounts.push(account);
    this.sizes.push(size);
  }

  peek(): Packet | undefined {
    return this.packets.peek();
  }

  shift(): Packet | undefined {
    const packet = this.packets.shift();
    if (!packet) return undefined;
    const account = this.accounts.shift()!;
    account.queuedPackets--;
    account.queuedBytes -= this.sizes.shift()!;
    return packet;
  }

  clear(): void {
    while (this.packets.length > 0) this.shift();
    // Let a ring that grew during a burst shrink back.
    this.packets.clear();
    this.accounts.clear();
    this.sizes.clear();
  }
}
