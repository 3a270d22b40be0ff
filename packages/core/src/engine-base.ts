import { InboundQueue, type Packet } from "./inbound-queue.js";

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
}
