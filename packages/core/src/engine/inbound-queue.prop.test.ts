import fc from "fast-check";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { describe, expect, it } from "vitest";
import { fromHex, type Payload, payloadLength } from "../shared/bytes.js";
import { ClientEngine } from "./client-engine.js";
import type { Connection, ServerLink } from "../contract/connection.js";
import type { Packet } from "./inbound-queue.js";
import { ServerEngine } from "./server-engine.js";
import type { ServerRecords } from "./server-records.js";
import { createSeededRandom } from "../testing/index.js";

/**
 * The per-peer inbound queue never holds more than `maxQueuedPackets` packets or
 * `inboundBufferSize` bytes of one peer, and every message is either delivered (in order) or
 * reported by `packet_dropped`: delivered + dropped == sent.
 */

const limits = fc.record({ maxQueuedPackets: fc.integer({ min: 1, max: 6 }), inboundBufferSize: fc.integer({ min: 1, max: 24 }) });

/** A message of `size` UTF-8 bytes, binary or text, tagged so its order can be checked. */
function message(size: number, text: boolean, tag: number): Payload {
  if (text) return "\u00e9".repeat(size >> 1) + (size & 1 ? String.fromCharCode(97 + (tag % 26)) : "");
  const bytes = new Uint8Array(size);
  if (size > 0) bytes[0] = tag & 0xff;
  return bytes;
}

const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("send" as const), peer: fc.nat(3), size: fc.nat(24), text: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("read" as const) }) },
);

/** Whether `part` appears in `whole` in order (same objects; equal strings count as the same). */
function isSubsequence(part: readonly Payload[], whole: readonly Payload[]): boolean {
  let at = 0;
  for (const item of part) {
    while (at < whole.length && whole[at] !== item) at++;
    if (at === whole.length) return false;
    at++;
  }
  return true;
}

function openConnection(): Connection {
  return { specVersion: 1, send: () => {}, close: () => {}, terminate: () => {}, bufferedAmount: 0, remoteAddress: "127.0.0.1", remotePort: 1, protocol: "" };
}

describe("per-peer inbound queue", () => {
  it("server: stays within both limits per peer and accounts for every message", () => {
    fc.assert(
      fc.property(limits, fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 80 }), (lim, peerCount, steps) => {
        let dropped = 0;
        const engine = new ServerEngine({ dialect: createGodot4Server,
          random: createSeededRandom(9),
          clock: () => 0,
          options: lim,
          emit: (e) => {
            if (e.type === "packet_dropped") dropped++;
            if (e.type === "protocol_error") throw new Error(`unexpected protocol_error: ${e.info.message}`);
          },
        });
        engine.started();
        const links: ServerLink[] = [];
        for (let i = 0; i < peerCount; i++) {
          const link = engine.accept({ remoteAddress: "127.0.0.1", remotePort: i, abort: () => {} }, 0);
          link.open(openConnection());
          links.push(link);
        }
        const records = (engine as unknown as { records: ServerRecords }).records;
        const sent = new Map<number, Payload[]>();
        const delivered: Packet[] = [];
        let sentCount = 0;
        for (const s of steps) {
          if (s.kind === "send") {
            const link = links[s.peer % links.length]!;
            const size = Math.min(s.size, lim.inboundBufferSize); // larger messages close the peer instead
            const data = message(size, s.text, sentCount);
            sentCount++;
            sent.set(link.id, [...(sent.get(link.id) ?? []), data]);
            link.message(data);
          } else {
            const p = engine.inbox.receive();
            if (p) delivered.push(p);
          }
          for (const record of records.values()) {
            expect(record.queuedPackets).toBeLessThanOrEqual(lim.maxQueuedPackets);
            expect(record.queuedBytes).toBeLessThanOrEqual(lim.inboundBufferSize);
          }
        }
        for (let p = engine.inbox.receive(); p; p = engine.inbox.receive()) delivered.push(p);
        expect(delivered.length + dropped).toBe(sentCount);
        expect(engine.inbox.droppedPacketCount).toBe(dropped);
        for (const record of records.values()) expect([record.queuedPackets, record.queuedBytes]).toEqual([0, 0]);
        // Each peer's delivered packets are an in-order subsequence of what it sent.
        for (const [id, list] of sent) {
          expect(isSubsequence(delivered.filter((d) => d.from === id).map((d) => d.data), list)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("client: stays within both limits and accounts for every message", () => {
    fc.assert(
      fc.property(limits, fc.array(step, { maxLength: 80 }), (lim, steps) => {
        let dropped = 0;
        const engine = new ClientEngine({ dialect: createGodot4Client,
          clock: () => 0,
          emit: (e) => {
            if (e.type === "packet_dropped") dropped++;
          },
        });
        const link = engine.begin(() => {}, 0);
        link.open(openConnection());
        link.message(fromHex("02 00 00 00"));
        expect(engine.clientState).toBe("connected");
        // Set after the id arrived: the 4-byte id message itself is bound by inboundBufferSize.
        engine.setOption("maxQueuedPackets", lim.maxQueuedPackets);
        engine.setOption("inboundBufferSize", lim.inboundBufferSize);
        const delivered: Packet[] = [];
        const sent: Payload[] = [];
        let sentCount = 0;
        for (const s of steps) {
          if (s.kind === "send") {
            const data = message(Math.min(s.size, lim.inboundBufferSize), s.text, sentCount++);
            sent.push(data);
            link.message(data);
          } else {
            const p = engine.inbox.receive();
            if (p) delivered.push(p);
          }
          expect(engine.inbox.availablePackets).toBeLessThanOrEqual(lim.maxQueuedPackets);
          const queuedBytes = (engine as unknown as { account: { queuedBytes: number } }).account.queuedBytes;
          expect(queuedBytes).toBeLessThanOrEqual(lim.inboundBufferSize);
        }
        for (let p = engine.inbox.receive(); p; p = engine.inbox.receive()) delivered.push(p);
        expect(delivered.length + dropped).toBe(sentCount);
        expect(engine.inbox.droppedPacketCount).toBe(dropped);
        expect(isSubsequence(delivered.map((p) => p.data), sent)).toBe(true);
        expect(delivered.every((p) => p.from === 1 && p.isText === (typeof p.data === "string") && payloadLength(p.data) <= lim.inboundBufferSize)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
