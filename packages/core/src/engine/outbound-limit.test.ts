import { describe, expect, it } from "vitest";
import { fakeConnection } from "../testing/fake-sockets.js";
import { allocatePeerId, isValidPeerId } from "./peer-ids.js";
import { outboundRefusal } from "./outbound-limit.js";

/** Why a connection cannot take a message, in the words of `packet_dropped`; and which ids are peer ids. */

describe("outbound refusals", () => {
  it("name the limit: the message alone, the message count, the bytes already buffered", () => {
    const connection = fakeConnection();
    const options = { outboundBufferSize: 10, maxQueuedPackets: 2 };
    expect(outboundRefusal(connection, 11, options)).toBe("a message of 11 bytes is larger than outboundBufferSize (10)");
    expect(outboundRefusal(connection, 10, options)).toBeUndefined();
    connection.bufferedMessages = 2;
    expect(outboundRefusal(connection, 1, options)).toBe("2 messages already wait to be written");
    connection.bufferedMessages = 1;
    connection.bufferedAmount = 4;
    expect(outboundRefusal(connection, 7, options)).toBe("4 buffered + 7 bytes exceeds outboundBufferSize (10)");
    expect(outboundRefusal(connection, 6, options)).toBeUndefined();
  });
});

describe("peer ids", () => {
  it("run from 2 to 2^31-1", () => {
    expect([1, 2, 2 ** 31 - 1, 2 ** 31, 2.5, "7"].map(isValidPeerId)).toEqual([false, true, true, false, false, false]);
  });

  it("are drawn until one is free, 2 included, 0 and 1 skipped", () => {
    const draws = (values: number[]) => (word: Uint32Array) => ((word[0] = values.shift()!), word);
    expect(allocatePeerId(draws([1, 2, 3]), () => false)).toBe(2);
    expect(allocatePeerId(draws([0, 5, 6]), (id) => id === 5)).toBe(6);
    expect(allocatePeerId(draws([2 ** 31 + 9]), () => false)).toBe(9);
  });
});
