import fc from "fast-check";
import { createGodot4Client } from "../dialects/godot4-dialect.js";
import { describe, expect, it } from "vitest";
import { fromHex } from "../shared/bytes.js";
import { ClientEngine, type ClientEvent } from "./client-engine.js";
import type { ClientLink, Connection } from "../contract/connection.js";
import { ConnectionStatus } from "../shared/constants.js";
import { CLIENT_TABLE } from "./transition-table.js";

/**
 * Random operation sequences against the client engine, with a socket that reports its close
 * synchronously and listeners that call back into the engine from inside events.
 */

const payload = fc.oneof(
  fc.constant(fromHex("87 D6 12 00")), // a valid id message
  fc.constant(fromHex("01 00 00 00")), // id 1: invalid
  fc.uint8Array({ maxLength: 24 }),
  fc.string({ maxLength: 12 }),
  fc.constant(new Uint8Array(40)), // bigger than the smallest inboundBufferSize below
);

const op = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("begin" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("open" as const) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("message" as const), data: payload }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("closed" as const), code: fc.constantFrom(1000, 1002, 1005, 1006, 4000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("error" as const), code: fc.constantFrom(undefined, 1002, 1009) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 4000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), code: fc.constantFrom(1000, 4000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("put" as const), data: payload }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("receive" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("buffer" as const), amount: fc.integer({ min: 0, max: 100 }) }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("maxQueuedPackets" as const), value: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("inboundBufferSize" as const), value: fc.integer({ min: 1, max: 64 }) }),
      fc.record({ kind: fc.constant("option" as const), key: fc.constant("overflow" as const), value: fc.constantFrom("drop" as const, "close" as const) }),
    ),
  },
);
type Op = typeof op extends fc.Arbitrary<infer O> ? O : never;

const reaction = fc.oneof(
  { weight: 6, arbitrary: fc.constant("none" as const) },
  { weight: 1, arbitrary: fc.constant("disconnect" as const) },
  { weight: 1, arbitrary: fc.constant("close" as const) },
  { weight: 1, arbitrary: fc.constant("put" as const) },
  { weight: 1, arbitrary: fc.constant("receive" as const) },
);
type Reaction = typeof reaction extends fc.Arbitrary<infer R> ? R : never;

function run(ops: readonly Op[], reactions: readonly Reaction[]): void {
  let now = 0;
  let reactionIndex = 0;
  let depth = 0;
  let released = 0;
  let closedEvents = 0;
  const afterEnd: string[] = [];
  let link: ClientLink | undefined;
  let socketEnded = false;
  let buffered = 0;

  const endSocket = (): void => {
    if (socketEnded || !link) return;
    socketEnded = true;
    link.closed(1006, "");
  };
  const engine: ClientEngine = new ClientEngine({ dialect: createGodot4Client,
    clock: () => now,
    options: { maxQueuedPackets: 3, inboundBufferSize: 32 },
    emit: (event: ClientEvent) => {
      if (released > 0) afterEnd.push(event.type);
      if (event.type === "closed") closedEvents++;
      const r = reactions[reactionIndex++ % Math.max(1, reactions.length)];
      if (!r || r === "none" || depth > 2) return;
      depth++;
      try {
        if (r === "disconnect") engine.disconnect(4000, "r");
        else if (r === "close") engine.close();
        else if (r === "put") engine.put(1, new Uint8Array([1]));
        else engine.inbox.receive();
      } finally {
        depth--;
      }
    },
    released: () => released++,
  });
  const connection: Connection = {
    specVersion: 1,
    send: () => {},
    close: () => {},
    terminate: endSocket,
    get bufferedAmount() {
      return buffered;
    },
    remoteAddress: "127.0.0.1",
    remotePort: 9000,
    protocol: "",
  };

  for (const o of ops) {
    switch (o.kind) {
      case "begin":
        if (engine.clientState === "idle") link = engine.begin(endSocket, now);
        break;
      case "open":
        link?.open(connection);
        break;
      case "message":
        link?.message(o.data);
        break;
      case "closed":
        if (link && !socketEnded) {
          socketEnded = true;
          link.closed(o.code, "bye");
        }
        break;
      case "error":
        link?.error("boom", o.code);
        break;
      case "advance":
        now += o.ms;
        engine.tick(now);
        break;
      case "disconnect":
        engine.disconnect(o.code, "");
        break;
      case "close":
        engine.close();
        break;
      case "put":
        engine.put(1, o.data);
        break;
      case "receive":
        engine.inbox.receive();
        break;
      case "buffer":
        buffered = o.amount;
        break;
      case "option":
        engine.setOption(o.key, o.value as never);
        break;
    }
    expect(Object.keys(CLIENT_TABLE)).toContain(engine.clientState);
    const status = engine.getConnectionStatus();
    expect(status === ConnectionStatus.CONNECTED).toBe(engine.clientState === "connected");
    expect(status === ConnectionStatus.CONNECTING).toBe(engine.clientState === "connecting" || engine.clientState === "waiting_id");
    expect(engine.nextDeadline() !== undefined).toBe(["connecting", "waiting_id", "closing"].includes(engine.clientState));
    expect(released).toBe(engine.clientState === "closed" ? 1 : 0);
    expect(closedEvents).toBeLessThanOrEqual(1);
    expect(afterEnd).toEqual([]);
    expect(engine.inbox.availablePackets).toBeLessThanOrEqual(engine.options.maxQueuedPackets + 3);
  }
}

describe("client engine under random operations", () => {
  it("never throws out of an input call, stays in a state of the table and ends exactly once", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(reaction, { maxLength: 12 }), (ops, reactions) => {
        run([{ kind: "begin" }, ...ops], reactions);
      }),
      { numRuns: 400 },
    );
  });

  it("survives a protocol_error listener that closes the client", () => {
    // Threw "cannot take close in state closing" before the engine re-checked its state.
    run([{ kind: "begin" }, { kind: "open" }, { kind: "message", data: new Uint8Array(0) }], ["close"]);
    run([{ kind: "begin" }, { kind: "open" }, { kind: "message", data: new Uint8Array(0) }], ["disconnect"]);
    run([{ kind: "begin" }, { kind: "open" }, { kind: "message", data: fromHex("87 D6 12 00") }, { kind: "message", data: new Uint8Array(40) }], ["none", "none", "close"]);
  });
});
