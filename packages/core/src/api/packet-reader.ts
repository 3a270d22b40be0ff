import { type Payload, toBytes } from "../shared/bytes.js";
import { InvalidArgumentError } from "../shared/errors.js";
import type { Packet } from "../engine/inbound-queue.js";

interface Waiter {
  resolve(result: IteratorResult<Packet>): void;
}

/** What a facade reads packets from: one of the engines. */
export interface PacketSource {
  /** Pops the oldest packet as an object the caller may keep. */
  receive(): Packet | undefined;
  /** Pops the oldest packet's bytes without building a `Packet` (what `getPacket` reads). */
  receiveData(): Payload | undefined;
  readonly availablePackets: number;
}

/**
 * The ways an application can consume packets, shared by server and client:
 * pull (`getPacket`), push (`packet` listeners: the queue is drained into them as packets
 * arrive, like a Node stream in flowing mode) and `for await`.
 */
export class PacketReader {
  private lastWasString = false;
  private readonly waiters: Waiter[] = [];
  private ended = false;

  constructor(
    private readonly source: PacketSource,
    private readonly hasListeners: () => boolean,
    private readonly dispatch: (packet: Packet) => void,
  ) {}

  /** Called when a packet was queued. Hands it to a push consumer if there is one. */
  available(): void {
    while (this.source.availablePackets > 0) {
      const waiter = this.waiters.shift();
      if (waiter) {
        waiter.resolve({ value: this.source.receive()!, done: false });
        continue;
      }
      if (!this.hasListeners()) return;
      this.dispatch(this.source.receive()!);
    }
  }

  /** Godot's `get_packet`: the payload as bytes (text is UTF-8 encoded); see `wasStringPacket`. */
  getPacket(): Uint8Array | undefined {
    const data = this.source.receiveData();
    if (data === undefined) return undefined;
    this.lastWasString = typeof data === "string";
    return toBytes(data);
  }

  /** Whether the last packet returned by `getPacket` or `receive` was a text message. */
  wasStringPacket(): boolean {
    return this.lastWasString;
  }

  receive(): Packet | undefined {
    const packet = this.source.receive();
    if (packet) this.lastWasString = packet.isText;
    return packet;
  }

  /** Ends every pending `for await`. */
  end(): void {
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  iterate(): AsyncIterableIterator<Packet> {
    let finished = false;
    /** This iterator's unanswered `next()` calls, released by `return()` so they take no packet. */
    const mine = new Set<Waiter>();
    const next = (): Promise<IteratorResult<Packet>> => {
      if (finished) return Promise.resolve({ value: undefined, done: true });
      const packet = this.source.receive();
      if (packet) return Promise.resolve({ value: packet, done: false });
      if (this.ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        const waiter: Waiter = {
          resolve: (result) => {
            mine.delete(waiter);
            resolve(result);
          },
        };
        mine.add(waiter);
        this.waiters.push(waiter);
      });
    };
    const iterator: AsyncIterableIterator<Packet> = {
      next,
      return: () => {
        finished = true;
        for (const waiter of [...mine]) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve({ value: undefined, done: true });
        }
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/** Accepts the payload types of the public API and rejects anything else with a clear error. */
export function checkPayload(data: unknown, what: string): Payload {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new InvalidArgumentError(`${what}: data must be a Uint8Array, ArrayBuffer or string`);
}
