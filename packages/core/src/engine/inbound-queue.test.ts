import { describe, expect, it } from "vitest";
import { InboundQueue, type QueueAccount } from "./inbound-queue.js";

/** The shared FIFO of incoming packets, as plain calls: order across growth and wrap-around, text flags, accounts. */

describe("inbound queue", () => {
  it("has nothing to give when empty", () => {
    const queue = new InboundQueue();
    expect([queue.peek(), queue.peekFrom(), queue.shift(), queue.shiftData(), queue.length]).toEqual([undefined, undefined, undefined, undefined, 0]);
  });

  it("says which packets were text", () => {
    const queue = new InboundQueue();
    const account: QueueAccount = { queuedPackets: 0, queuedBytes: 0 };
    queue.enqueue(2, "hi", 2, account, 2);
    queue.enqueue(3, new Uint8Array([1]), 3, account, 1);
    expect(queue.peek()).toEqual({ from: 2, data: "hi", isText: true, via: 2 });
    expect(queue.shift()).toEqual({ from: 2, data: "hi", isText: true, via: 2 });
    expect(queue.peek()).toMatchObject({ isText: false });
    expect(queue.shift()).toEqual({ from: 3, data: new Uint8Array([1]), isText: false, via: 3 });
  });

  it("keeps arrival order while it grows from a wrapped position, and charges each packet to its account", () => {
    const queue = new InboundQueue();
    const accounts: QueueAccount[] = [0, 1].map(() => ({ queuedPackets: 0, queuedBytes: 0 }));
    let next = 0;
    const add = (count: number): void => {
      for (let i = 0; i < count; i++, next++) queue.enqueue(100 + next, new Uint8Array([next]), 200 + next, accounts[next % 2]!, next + 1);
    };
    const expected = (n: number) => ({ from: 100 + n, data: new Uint8Array([n]), isText: false, via: 200 + n });
    add(10);
    for (let n = 0; n < 5; n++) expect(queue.shift()).toEqual(expected(n));
    add(40);
    expect(queue.length).toBe(45);
    expect(accounts.map((a) => a.queuedPackets)).toEqual([22, 23]);
    for (let n = 5; n < 50; n++) {
      expect(queue.peekFrom()).toBe(100 + n);
      expect(queue.shift()).toEqual(expected(n));
    }
    expect(accounts).toEqual([
      { queuedPackets: 0, queuedBytes: 0 },
      { queuedPackets: 0, queuedBytes: 0 },
    ]);
  });

  it("clears what it holds, releasing the accounts, and works again after a burst", () => {
    const queue = new InboundQueue();
    const account: QueueAccount = { queuedPackets: 0, queuedBytes: 0 };
    for (let i = 0; i < 40; i++) queue.enqueue(i, new Uint8Array(3), i, account, 3);
    queue.clear();
    expect([queue.length, account.queuedPackets, account.queuedBytes]).toEqual([0, 0, 0]);
    for (let i = 0; i < 20; i++) queue.enqueue(i, "x", i, account, 1);
    for (let i = 0; i < 20; i++) expect(queue.shift()).toEqual({ from: i, data: "x", isText: true, via: i });
  });
});
