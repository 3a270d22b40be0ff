import type { Payload } from "./bytes.js";
import { Fifo } from "./fifo.js";

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

interface Entry {
  readonly packet: Packet;
  readonly account: QueueAccount;
  readonly size: number;
}

/**
 * The shared FIFO of incoming packets. Limits are per peer (each peer's account), so one
 * flooding peer fills only its own share and never pushes out the packets of others; the caller
 * checks the account against the limits before `push`.
 */
export class InboundQueue {
  private readonly entries = new Fifo<Entry>();

  get length(): number {
    return this.entries.length;
  }

  push(packet: Packet, account: QueueAccount, size: number): void {
    account.queuedPackets++;
    account.queuedBytes += size;
    this.entries.push({ packet, account, size });
  }

  peek(): Packet | undefined {
    return this.entries.peek()?.packet;
  }

  shift(): Packet | undefined {
    const entry = this.entries.shift();
    if (!entry) return undefined;
    entry.account.queuedPackets--;
    entry.account.queuedBytes -= entry.size;
    return entry.packet;
  }

  clear(): void {
    for (const entry of this.entries) {
      entry.account.queuedPackets--;
      entry.account.queuedBytes -= entry.size;
    }
    this.entries.clear();
  }
}
