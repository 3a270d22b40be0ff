import fc from "fast-check";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { describe, expect, it } from "vitest";
import type { Payload } from "../shared/bytes.js";
import type { Connection, PendingSocket, ServerLink } from "../contract/connection.js";
import { MAX_PEER_ID, MIN_PEER_ID } from "../shared/constants.js";
import type { RandomSource } from "../contract/transport.js";
import { ServerEngine, type ServerEvent } from "./server-engine.js";
import type { ServerRecords } from "./server-records.js";
import { SERVER_TABLE } from "./transition-table.js";

/**
 * Random operation sequences against the server engine, with sockets that call back into the
 * engine synchronously (as the in-memory network does) and listeners that call back into it from
 * inside events. Input calls must never throw and every record must stay in a state of the table.
 */

interface Sock {
  readonly link: ServerLink;
  readonly pending: PendingSocket;
  connection: (Connection & { buffered: number }) | undefined;
  ended: boolean;
}

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 24 }),
  fc.string({ maxLength: 12 }),
  fc.constant(new Uint8Array(40)), // bigger than the smallest inboundBufferSize below
);

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("accept" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("upgrade" as const), i: fc.nat(), offered: fc.subarray(["a", "b", "c"]) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("open" as const), i: fc.nat(), protocol: fc.constantFrom("", "a") }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("message" as const), i: fc.nat(), data: payload }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("closed" as const), i: fc.nat(), code: fc.constantFrom(1000, 1001, 1005, 1006, 4000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("error" as const), i: fc.nat(), code: fc.constantFrom(undefined, 1002, 1007, 1009) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 4000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("put" as const), target: fc.integer({ min: -3, max: 3 }), data: payload }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("receive" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), i: fc.nat(), force: fc.boolean(), code: fc.constantFrom(undefined, 1000, 4000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("start" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refuse" as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("buffer" as const), i: fc.nat(), amount: fc.integer({ min: 0, max: 100 }) }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("maxQueuedPackets" as const), value: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("inboundBufferSize" as const), value: fc.integer({ min: 1, max: 64 }) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("outboundBufferSize" as const), value: fc.integer({ min: -1, max: 64 }) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("handshakeTimeout" as const), value: fc.constantFrom(0.001, 1, 3) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("overflow" as const), value: fc.constantFrom("drop" as const, "close" as const) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("supportedProtocols" as const), value: fc.subarray(["a", "b"]) }),
    ),
  },
);

/** What a listener does from inside an event. */
const reaction = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("put" as const), target: fc.integer({ min: -1, max: 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "receive" as const }) },
);
type Reaction = typeof reaction extends fc.Arbitrary<infer R> ? R : never;

/** Random words from a tiny range, so ids collide often and 0 / 1 come up. */
function smallRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      target[i] = ((state >>> 16) % 12) | (state & 0x80000000);
    }
    return target;
  };
}

function records(engine: ServerEngine): ServerRecords {
  return (engine as unknown as { records: ServerRecords }).records;
}

function run(seed: number, ops: readonly (typeof op extends fc.Arbitrary<infer O> ? O : never)[], reactions: readonly Reaction[]): void {
  let now = 0;
  let reactionIndex = 0;
  let depth = 0;
  const socks: Sock[] = [];
  const engine: ServerEngine = new ServerEngine({ dialect: createGodot4Server,
    random: smallRandom(seed),
    clock: () => now,
    options: { maxQueuedPackets: 3, inboundBufferSize: 32, outboundBufferSize: 64 },
    emit: (event) => react(event),
  });

  const pick = (i: number): Sock | undefined => (socks.length === 0 ? undefined : socks[i % socks.length]);

  function react(event: ServerEvent): void {
    const r = reactions[reactionIndex++ % Math.max(1, reactions.length)];
    if (!r || r.kind === "none" || depth > 2) return;
    depth++;
    try {
      const id = "id" in event ? event.id : "info" in event && "peer" in event.info ? event.info.peer : 0;
      if (r.kind === "disconnect") engine.disconnectPeer(id, { force: r.force });
      else if (r.kind === "close") engine.close();
      else if (r.kind === "put") engine.put(r.target === 0 ? 0 : r.target * id, new Uint8Array([1]));
      else engine.inbox.receive();
    } finally {
      depth--;
    }
  }

  function connectionFor(sock: Sock, protocol: string): Connection & { buffered: number } {
    return {
      specVersion: 1,
      buffered: 0,
      send: (_data: Payload) => {},
      close: () => {},
      // Like a real socket (and the memory network), terminating reports the close at once.
      terminate: () => {
        if (sock.ended) return;
        sock.ended = true;
        sock.link.closed(1006, "");
      },
      get bufferedAmount() {
        return this.buffered;
      },
      remoteAddress: "127.0.0.1",
      remotePort: 1,
      protocol,
    };
  }

  engine.started();
  for (const o of ops) {
    switch (o.kind) {
      case "accept": {
        if (records(engine).size >= 8) break;
        const sock = {} as Sock;
        const pending: PendingSocket = {
          remoteAddress: "127.0.0.1",
          remotePort: 1,
          abort: () => {
            if (sock.ended) return;
            sock.ended = true;
            sock.link.closed(1006, "");
          },
        };
        Object.assign(sock, { pending, connection: undefined, ended: false });
        // The link must exist before abort can report to it.
        Object.assign(sock, { link: { closed: () => {} } });
        const link = engine.accept(pending, now);
        Object.assign(sock, { link });
        socks.push(sock);
        break;
      }
      case "upgrade": {
        const sock = pick(o.i);
        const decision = sock?.link.upgrade(o.offered, {});
        // A refused upgrade is the adapter's to answer: it drops the socket, as every adapter does.
        if (sock && decision && "accept" in decision && !decision.accept) sock.pending.abort();
        break;
      }
      case "open": {
        const sock = pick(o.i);
        if (!sock || sock.connection) break;
        sock.connection = connectionFor(sock, o.protocol);
        sock.link.open(sock.connection);
        break;
      }
      case "message":
        pick(o.i)?.link.message(o.data);
        break;
      case "closed": {
        const sock = pick(o.i);
        if (sock && !sock.ended) {
          sock.ended = true;
          sock.link.closed(o.code, "bye");
        }
        break;
      }
      case "error":
        pick(o.i)?.link.error("boom", o.code);
        break;
      case "advance":
        now += o.ms;
        engine.tick(now);
        break;
      case "put":
        engine.put(o.target, o.data);
        break;
      case "receive":
        engine.inbox.receive();
        break;
      case "disconnect": {
        const sock = pick(o.i);
        engine.disconnectPeer(sock?.link.id ?? 12345, { force: o.force, ...(o.code === undefined ? {} : { code: o.code }) });
        break;
      }
      case "close":
        engine.close();
        break;
      case "start":
        if (engine.getConnectionStatus() === 0) engine.started();
        break;
      case "refuse":
        engine.refuseNewConnections = o.on;
        break;
      case "buffer": {
        const conn = pick(o.i)?.connection;
        if (conn) conn.buffered = o.amount;
        break;
      }
      case "option":
        engine.setOption(o.key, o.value as never);
        break;
    }
    checkInvariants(engine, socks);
  }
}

function checkInvariants(engine: ServerEngine, socks: readonly Sock[]): void {
  const live = records(engine);
  const states = Object.keys(SERVER_TABLE);
  const admitted = new Set(engine.peerIds());
  for (const [id, record] of live) {
    expect(record.id).toBe(id);
    expect(id).toBeGreaterThanOrEqual(MIN_PEER_ID);
    expect(id).toBeLessThanOrEqual(MAX_PEER_ID);
    expect(states).toContain(record.state);
    expect(record.state).not.toBe("gone");
    expect(record.queuedPackets).toBeGreaterThanOrEqual(0);
    expect(record.queuedBytes).toBeGreaterThanOrEqual(0);
    if (admitted.has(id)) expect(record.state).toBe("open");
  }
  for (const id of admitted) expect(live.has(id)).toBe(true);
  // A socket that was neither dropped nor reported closed is still tracked under its own id.
  for (const sock of socks) {
    const record = live.get(sock.link.id);
    if (!sock.ended && record) expect(record.socket).toBe(sock.pending);
    if (sock.ended) expect(record?.socket === sock.pending).toBe(false);
  }
  const pendingOrClosing = [...live.values()].some((r) => r.state === "pending" || r.state === "closing");
  expect(engine.nextDeadline() !== undefined).toBe(pendingOrClosing);
}

describe("server engine under random operations", () => {
  it("never throws out of an input call and keeps every record in a state of the table", () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(op, { maxLength: 60 }), fc.array(reaction, { maxLength: 20 }), (seed, ops, reactions) => {
        run(seed, ops, reactions);
      }),
      { numRuns: 1000 },
    );
  });

  it("survives listeners that drop the peer an event is about", () => {
    // Each of these threw "cannot take ... in state gone" before the engine re-checked its state.
    run(0, [{ kind: "accept" }, { kind: "closed", i: 0, code: 1000 }], [{ kind: "close" }]);
    run(0, [{ kind: "accept" }, { kind: "advance", ms: 3000 }], [{ kind: "close" }]);
    run(0, [{ kind: "accept" }, { kind: "advance", ms: 3000 }], [{ kind: "disconnect", force: true }]);
    run(0, [{ kind: "accept" }, { kind: "refuse", on: true }, { kind: "open", i: 0, protocol: "" }], [{ kind: "disconnect", force: true }]);
    run(0, [{ kind: "accept" }, { kind: "upgrade", i: 0, offered: ["a"] }], [{ kind: "close" }]);
    const big = new Uint8Array(40);
    run(0, [{ kind: "accept" }, { kind: "open", i: 0, protocol: "" }, { kind: "message", i: 0, data: big }], [{ kind: "none" }, { kind: "disconnect", force: true }]);
    run(0, [{ kind: "accept" }, { kind: "open", i: 0, protocol: "" }, { kind: "closed", i: 0, code: 4000 }], [{ kind: "none" }, { kind: "disconnect", force: true }]);
  });
});
