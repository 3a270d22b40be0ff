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
 * Writes one wire message to `connection` unless its outbound side is already full (too many
 * messages waiting, or `outboundBufferSize` bytes exceeded) or the message alone is larger than
 * `outboundBufferSize`. A refused message is reported through `drop` as an `OUTBOUND_FULL` drop
 * for `peer`, its reason naming which limit it hit, and yields `ERR_OUT_OF_MEMORY`, as Godot does.
 */
export function sendWithinLimits(
  connection: Connection,
  data: Payload,
  options: Pick<PeerOptions, "maxQueuedPackets" | "outboundBufferSize">,
  peer: number,
  drop: (info: DropInfo) => void,
): GodotError {
  const size = payloadLength(data);
  const limit = options.outboundBufferSize;
  let refusal: string | undefined;
  if (limit > 0 && size > limit) refusal = `a message of ${size} bytes is larger than outboundBufferSize (${limit})`;
  else if ((connection.bufferedMessages ?? 0) >= options.maxQueuedPackets) refusal = `${options.maxQueuedPackets} messages already wait to be written`;
  else if (limit > 0 && connection.bufferedAmount + size > limit) refusal = `${connection.bufferedAmount} buffered + ${size} bytes exceeds outboundBufferSize (${limit})`;
  if (refusal !== undefined) {
    drop({ peer, direction: "out", size, code: ErrorCode.OUTBOUND_FULL, reason: refusal });
    return GodotError.ERR_OUT_OF_MEMORY;
  }
  connection.send(data);
  return GodotError.OK;
}
