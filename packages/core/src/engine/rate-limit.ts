/**
 * A per-peer inbound rate limit as two token buckets (messages and bytes) that each hold one
 * second's worth and refill continuously on the engine's clock. A message passes when both
 * buckets have room for it; a refused message takes nothing, so a peer that slows down is let
 * through again as the buckets refill. A message larger than the byte rate never passes.
 */
export interface RateBucket {
  messages: number;
  bytes: number;
  /** When the buckets were last refilled (ms). */
  at: number;
}

export interface RateLimits {
  readonly maxInboundMessagesPerSecond: number;
  readonly maxInboundBytesPerSecond: number;
}

export function rateLimited(limits: RateLimits): boolean {
  return limits.maxInboundMessagesPerSecond > 0 || limits.maxInboundBytesPerSecond > 0;
}

export function createRateBucket(now: number, limits: RateLimits): RateBucket {
  return { messages: limits.maxInboundMessagesPerSecond, bytes: limits.maxInboundBytesPerSecond, at: now };
}

/** Takes one message of `size` bytes from the buckets, or explains why it does not fit. */
export function takeRate(bucket: RateBucket, size: number, now: number, limits: RateLimits): string | undefined {
  const elapsed = Math.max(0, now - bucket.at) / 1000;
  bucket.at = now;
  const perMessage = limits.maxInboundMessagesPerSecond;
  const perByte = limits.maxInboundBytesPerSecond;
  // A bucket whose rate is 0 (off) is never checked, so its level does not matter.
  bucket.messages = Math.min(perMessage, bucket.messages + elapsed * perMessage);
  bucket.bytes = Math.min(perByte, bucket.bytes + elapsed * perByte);
  if (perMessage > 0 && bucket.messages < 1) return `more than ${perMessage} messages per second`;
  if (perByte > 0 && bucket.bytes < size) return `more than ${perByte} bytes per second`;
  bucket.messages -= 1;
  bucket.bytes -= size;
  return undefined;
}
