import { InboundQueue, type Packet, type QueueAccount } from "./inbound-queue.js";
import type { PeerOptions } from "../shared/peer-options.js";

/** The event both engines emit when a packet was queued; one shared object, none per packet. */
export const PACKET_AVAILABLE = Object.freeze({ type: "packet_available" } as const);

/**
 * The application's end of an engine's inbound queue, and its count of dropped packets: the same
 * on the server and the client.
 */
export abstract class EngineBase {
  protected readonly inbound = new InboundQueue();
  protected droppedPackets = 0;

  /** Pops the oldest incoming packet. */
  receive(): Packet | undefined {
    return this.inbound.shift();
  }

  peekSource(): number | undefined {
    return this.inbound.peek()?.from;
  }

  get availablePackets(): number {
    return this.inbound.length;
  }

  get droppedPacketCount(): number {
    return this.droppedPackets;
  }

  /**
   * The per-peer inbound rule: why `size` more bytes cannot be queued for `account` (its packet
   * count at `maxQueuedPackets`, or its bytes past `inboundBufferSize`), or undefined when they fit.
   */
  protected inboundRefusal(account: QueueAccount, size: number, options: Pick<PeerOptions, "maxQueuedPackets" | "inboundBufferSize">): string | undefined {
    if (account.queuedPackets < options.maxQueuedPackets && account.queuedBytes + size <= options.inboundBufferSize) return undefined;
    return `${account.queuedPackets} packets / ${account.queuedBytes} bytes already queued`;
  }
}
