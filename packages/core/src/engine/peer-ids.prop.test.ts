import fc from "fast-check";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { describe, expect, it } from "vitest";
import type { Connection, PendingSocket, ServerLink } from "../contract/connection.js";
import { MAX_PEER_ID, MIN_PEER_ID } from "../shared/constants.js";
import { allocatePeerId } from "./peer-ids.js";
import type { RandomSource } from "../contract/transport.js";
import { ServerEngine } from "./server-engine.js";
import type { ServerRecords } from "./server-records.js";

/**
 * Peer ids stay unique among live and pending connections, and in [2, 2^31-1], whatever the
 * random source yields. The source replays fast-check's words (drawn from a tiny range plus
 * 0, 1 and values with the top bit set), then falls back to a generator that covers the range.
 */
const word = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(0x80000000, 0x80000001, 0x80000002, 0x7fffffff, 0xffffffff));

function replay(words: readonly number[]): RandomSource {
  let i = 0;
  let state = 1;
  return (target) => {
    for (let j = 0; j < target.length; j++) {
      if (i < words.length) target[j] = words[i++]! >>> 0;
      else {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        target[j] = (state >>> 8) % 10;
      }
    }
    return target;
  };
}

const op = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "connect" as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("open" as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remoteClose" as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), i: fc.nat(), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 3500 }) }) },
);

interface Sock {
  link: ServerLink;
  readonly pending: PendingSocket;
  opened: boolean;
  ended: boolean;
}

describe("peer ids", () => {
  it("live and pending ids are unique and within [2, 2^31-1] across connect / disconnect / timeout", () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.array(op, { maxLength: 50 }), (words, ops) => {
        let now = 0;
        const engine = new ServerEngine({ dialect: createGodot4Server, random: replay(words), clock: () => now, emit: () => {} });
        engine.started();
        const socks: Sock[] = [];
        const live = (): Sock[] => socks.filter((s) => !s.ended);
        const end = (sock: Sock, code: number): void => {
          if (sock.ended) return;
          sock.ended = true;
          sock.link.closed(code, "");
        };
        for (const o of ops) {
          const candidates = live();
          const sock = "i" in o && candidates.length > 0 ? candidates[o.i % candidates.length] : undefined;
          if (o.kind === "connect") {
            if (candidates.length >= 7) continue; // 8 ids in the tiny range: always one free
            const s = { opened: false, ended: false } as Sock;
            Object.assign(s, { pending: { remoteAddress: "127.0.0.1", remotePort: 1, abort: () => end(s, 1006) } });
            s.link = engine.accept(s.pending, now);
            socks.push(s);
          } else if (o.kind === "open" && sock && !sock.opened) {
            sock.opened = true;
            const conn: Connection = { specVersion: 1, send: () => {}, close: () => {}, terminate: () => end(sock, 1006), bufferedAmount: 0, remoteAddress: "127.0.0.1", remotePort: 1, protocol: "" };
            sock.link.open(conn);
          } else if (o.kind === "remoteClose" && sock) end(sock, 1000);
          else if (o.kind === "disconnect" && sock) engine.disconnectPeer(sock.link.id, { force: o.force });
          else if (o.kind === "wait") {
            now += o.ms;
            engine.tick(now);
          }
          const ids = live().map((s) => s.link.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const id of ids) {
            expect(id).toBeGreaterThanOrEqual(MIN_PEER_ID);
            expect(id).toBeLessThanOrEqual(MAX_PEER_ID);
          }
          const records = (engine as unknown as { records: ServerRecords }).records;
          expect([...records.keys()].sort()).toEqual([...ids].sort());
          for (const s of live()) expect(records.get(s.link.id)!.socket).toBe(s.pending);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("allocatePeerId maps every 32-bit word into [2, 2^31-1] or draws again", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 8 }), (words) => {
        const id = allocatePeerId(replay(words), () => false);
        expect(id).toBeGreaterThanOrEqual(MIN_PEER_ID);
        expect(id).toBeLessThanOrEqual(MAX_PEER_ID);
        const first = words.map((w) => w & MAX_PEER_ID).find((w) => w >= MIN_PEER_ID);
        if (first !== undefined) expect(id).toBe(first);
      }),
      { numRuns: 300 },
    );
  });
});
