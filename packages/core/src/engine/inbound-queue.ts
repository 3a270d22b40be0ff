import type { Payload } from "../shared/bytes.js";

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

const INITIAL_CAPACITY = 16;

/**
 * The shared FIFO of incoming packets. Limits are per peer (each peer's account), so one
 * flooding peer fills only its own share and never pushes out the packets of others; the caller
 * checks the account against the limits before `push`. A packet is kept as its fields, in rings
 * side by side (sender, bytes, connection, account, size), so queueing and reading through
 * `shiftData` allocate nothing per packet; `shift` builds the `Packet` object a caller keeps.
 */
export class InboundQueue {
  private froms: number[] = new Array<number>(INITIAL_CAPACITY).fill(0);
  private vias: number[] = new Array<number>(INITIAL_CAPACITY).fill(0);
  private sizes: number[] = new Array<number>(INITIAL_CAPACITY).fill(0);
  private datas: (Payload | undefined)[] = new Array<Payload | undefined>(INITIAL_CAPACITY).fill(undefined);
  private accounts: (QueueAccount | undefined)[] = new Array<QueueAccount | undefined>(INITIAL_CAPACITY).fill(undefined);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Queues `packet`, charging `size` bytes to `account` (the object itself is not kept). */
  push(packet: Packet, account: QueueAccount, size: number): void {
    this.enqueue(packet.from, packet.data, packet.via, account, size);
  }

  /** Queues one packet from `from` that arrived on connection `via`, charging `size` bytes to `account`. */
  enqueue(from: number, data: Payload, via: number, account: QueueAccount, size: number): void {
    if (this.count === this.datas.length) this.grow();
    const at = (this.head + this.count) & (this.datas.length - 1);
    this.froms[at] = from;
    this.vias[at] = via;
    this.sizes[at] = size;
    this.datas[at] = data;
    this.accounts[at] = account;
    this.count++;
    account.queuedPackets++;
    account.queuedBytes += size;
  }

  /** The oldest packet, left in the queue (a new object). */
  peek(): Packet | undefined {
    if (this.count === 0) return undefined;
    const data = this.datas[this.head]!;
    return { from: this.froms[this.head]!, data, isText: typeof data === "string", via: this.vias[this.head]! };
  }

  /** The sender of the oldest packet, if any. */
  peekFrom(): number | undefined {
    return this.count === 0 ? undefined : this.froms[this.head];
  }

  /** Pops the oldest packet as a `Packet` object (a new one, which the caller may keep). */
  shift(): Packet | undefined {
    if (this.count === 0) return undefined;
    const from = this.froms[this.head]!;
    const via = this.vias[this.head]!;
    const data = this.shiftData()!;
    return { from, data, isText: typeof data === "string", via };
  }

  /** Pops the oldest packet's bytes (a string for text) without building a `Packet`. */
  shiftData(): Payload | undefined {
    if (this.count === 0) return undefined;
    const at = this.head;
    const data = this.datas[at]!;
    const account = this.accounts[at]!;
    account.queuedPackets--;
    account.queuedBytes -= this.sizes[at]!;
    this.datas[at] = undefined;
    this.accounts[at] = undefined;
    this.head = (at + 1) & (this.datas.length - 1);
    this.count--;
    return data;
  }

  clear(): void {
    while (this.count > 0) this.shiftData();
    // Let rings that grew during a burst shrink back.
    if (this.datas.length > INITIAL_CAPACITY) {
      this.froms = new Array<number>(INITIAL_CAPACITY).fill(0);
      this.vias = new Array<number>(INITIAL_CAPACITY).fill(0);
      this.sizes = new Array<number>(INITIAL_CAPACITY).fill(0);
      this.datas = new Array<Payload | undefined>(INITIAL_CAPACITY).fill(undefined);
      this.accounts = new Array<QueueAccount | undefined>(INITIAL_CAPACITY).fill(undefined);
    }
    this.head = 0;
  }

  private grow(): void {
    const capacity = this.datas.length;
    const order = (ring: unknown[], fill: unknown): unknown[] => {
      const next = new Array<unknown>(capacity * 2).fill(fill);
      for (let i = 0; i < this.count; i++) next[i] = ring[(this.head + i) & (capacity - 1)];
      return next;
    };
    this.froms = order(this.froms, 0) as number[];
    this.vias = order(this.vias, 0) as number[];
    this.sizes = order(this.sizes, 0) as number[];
    this.datas = order(this.datas, undefined) as (Payload | undefined)[];
    this.accounts = order(this.accounts, undefined) as (QueueAccount | undefined)[];
    this.head = 0;
  }
}
