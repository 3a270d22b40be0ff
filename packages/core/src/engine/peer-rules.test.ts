import { describe, expect, it } from "vitest";
import { createRateBucket, rateLimited, takeRate } from "./rate-limit.js";
import { ServerRecords } from "./server-records.js";
import { onRefused, slowDeadline } from "./slow-peer.js";

/** The server's per-peer rules as plain functions: the rate buckets, the slow-peer clock, the record states. */

describe("rate buckets", () => {
  it("are on when either rate is set", () => {
    expect(rateLimited({ maxInboundMessagesPerSecond: 0, maxInboundBytesPerSecond: 0 })).toBe(false);
    expect(rateLimited({ maxInboundMessagesPerSecond: 1, maxInboundBytesPerSecond: 0 })).toBe(true);
    expect(rateLimited({ maxInboundMessagesPerSecond: 0, maxInboundBytesPerSecond: 1 })).toBe(true);
  });

  it("a rate that is off never refuses, however much the other one lets through", () => {
    const bytesOnly = { maxInboundMessagesPerSecond: 0, maxInboundBytesPerSecond: 1000 };
    const bytes = createRateBucket(0, bytesOnly);
    for (let i = 0; i < 100; i++) expect(takeRate(bytes, 10, 0, bytesOnly)).toBeUndefined();
    expect(takeRate(bytes, 1, 0, bytesOnly)).toBe("more than 1000 bytes per second");
    const messagesOnly = { maxInboundMessagesPerSecond: 2, maxInboundBytesPerSecond: 0 };
    const messages = createRateBucket(0, messagesOnly);
    expect(takeRate(messages, 1_000_000, 0, messagesOnly)).toBeUndefined();
    expect(takeRate(messages, 1_000_000, 0, messagesOnly)).toBeUndefined();
    expect(takeRate(messages, 1, 0, messagesOnly)).toBe("more than 2 messages per second");
    // Half a second refills one message.
    expect(takeRate(messages, 1, 500, messagesOnly)).toBeUndefined();
  });
});

describe("the slow-peer clock", () => {
  const close = { slowPeer: "close", slowPeerTimeout: 2 } as const;

  it("'close-on-relay' closes on a refused relay at once, whatever slowPeerTimeout says, and starts no clock", () => {
    const limits = { slowPeer: "close-on-relay", slowPeerTimeout: 5 } as const;
    expect(onRefused(undefined, 10, true, 0, limits)).toEqual({ state: undefined, close: true });
    expect(onRefused(undefined, 10, false, 0, limits)).toEqual({ state: undefined, close: false });
  });

  it("'close' starts a clock at the first refusal and remembers the smallest message refused since", () => {
    const first = onRefused(undefined, 8, false, 100, close);
    expect(first).toEqual({ state: { since: 100, size: 8 }, close: false });
    expect(onRefused(first.state, 3, true, 500, close)).toEqual({ state: { since: 100, size: 3 }, close: false });
    expect(onRefused(first.state, 5, false, 2099, close)).toEqual({ state: { since: 100, size: 3 }, close: false });
    expect(onRefused(first.state, 5, false, 2100, close).close).toBe(true);
    expect(slowDeadline(first.state, close)).toBe(2100);
    expect(slowDeadline(undefined, close)).toBeUndefined();
  });
});

describe("server records", () => {
  it("refuse an input the transition table does not allow, naming the peer, the input and the state", () => {
    const records = new ServerRecords();
    const record = ServerRecords.create(5, { remoteAddress: "a", remotePort: 1, abort: () => {} }, 0);
    records.move(record, "refuse");
    expect(() => records.move(record, "open")).toThrow('wsmp bug: server peer 5 cannot take "open" in state "gone"');
  });
});
