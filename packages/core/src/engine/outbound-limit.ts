import { type Payload, payloadLength } from "../shared/bytes.js";
import type { Connection } from "../contract/connection.js";
import { GodotError } from "../shared/constants.js";
import type { DropInfo } from "./dialect-contract.js";
import { ErrorCode } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";

/**
 * The largest packet an application may send: `outboundBufferSize` less the bytes the protocol
 * reserves per packet (`overhead`), as Godot reports it; unbounded when the limit is off (0).
 */
export function maxPacketSize(outboundBufferSize: number, overhead: number): number {
  return outboundBufferSize > 0 ? outboundBufferSize - overhead : 0x7fffffff;
}

/**
 * Why `connection` cannot take one more message of `size` bytes right now (too many messages
 * waiting, `outboundBufferSize` bytes exceeded, or the message alone is larger than
 * `outboundBufferSize`), or undefined when it can.
 */
export function outboundRefusal(connection: Connection, size: number, options: Pick<PeerOptions, "maxQueuedPackets" | "outboundBufferSize">): string | undefined {
  const limit = options.outboundBufferSize;
  if (limit > 0 && size > limit) return `a message of ${size} bytes is larger than outboundBufferSize (${limit})`;
  if ((connection.bufferedMessages ?? 0) >= options.maxQueuedPackets) return `${options.maxQueuedPackets} messages already wait to be written`;
  if (limit > 0 && connection.bufferedAmount + size > limit) return `${connection.bufferedAmount} buffered + ${size} bytes exceeds outboundBufferSize (${limit})`;
  return undefined;
}

/**
 * Writes one wire message to `connection` unless `outboundRefusal` says it cannot take it. A
 * refused message is reported through `drop` as an `OUTBOUND_FULL` drop for `peer`, its reason
 * naming which limit it hit, and yields `ERR_OUT_OF_MEMORY`, as Godot does.
 */
export function sendWithinLimits(
  connection: Connection,
  data: Payload,
  options: Pick<PeerOptions, "maxQueuedPackets" | "outboundBufferSize">,
  peer: number,
  drop: (info: DropInfo) => void,
): GodotError {
  const size = payloadLength(data);
  const refusal = outboundRefusal(connection, size, options);
  if (refusal !== undefined) {
    drop({ peer, direction: "out", size, code: ErrorCode.OUTBOUND_FULL, reason: refusal });
    return GodotError.ERR_OUT_OF_MEMORY;
  }
  connection.send(data);
  return GodotError.OK;
}
