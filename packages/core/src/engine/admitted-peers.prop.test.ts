import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGodot3Server } from "../dialects/godot3-dialect.js";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import type { Payload } from "../shared/bytes.js";
import type { Connection, ServerLink } from "../contract/connection.js";
import type { FanOut } from "../contract/fan-out.js";
import type { SlowPeerPolicy } from "../shared/server-limits.js";
import { ServerEngine, type ServerEvent } from "./server-engine.js";

/**
 * A broadcast through a transport's fan-out must do what one send per peer does: the same
 * messages reach the same peers in the same order, the same ones are refused and reported, the
 * same peers are closed as slow, the traffic counts agree. Two engines run the same random
 * operations, one whose connections carry a fan-out and one whose do not, with buffers that fill
 * as messages are sent and drain when told to.
 */

interface Sock {
  readonly link: ServerLink;
  readonly connection: Connection;
  /** What went out on this socket, in order: messages as "size:firstByte", then "close code". */
  readonly log: string[];
  buffered: number;
  queued: number;
}

/** Group sends made across all runs: the property must exercise the group, not only the fallback. */
let groupSends = 0;
let groupLeaves = 0;

function twin(withFanOut: boolean, dialect: "godot4" | "godot3", slowPeer: SlowPeerPolicy) {
  let now = 0;
  let seed = 12345;
  const events: string[] = [];
  const sockets: Sock[] = [];
  const fanOut: FanOut = {
    createGroup() {
      const members = new Set<Connection>();
      return {
        add: (connection) => void members.add(connection),
        delete: (connection) => {
          if (members.delete(connection)) groupLeaves++;
        },
        send(data, except) {
          groupSends++;
          for (const member of members) if (member !== except) member.send(data);
        },
      };
    },
  };
  const engine = new ServerEngine({
    random: (target) => {
      for (let i = 0; i < target.length; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        target[i] = seed;
      }
      return target;
    },
    clock: () => now,
    emit: (event: ServerEvent) => {
      if (event.type === "packet_dropped") events.push(`drop ${event.info.peer} ${event.info.direction} ${event.info.size} ${event.info.code}`);
      else if (event.type === "protocol_error") events.push(`error ${event.info.peer} ${event.info.closeCode}`);
      else if (event.type === "peer_connected" || event.type === "peer_disconnected") events.push(`${event.type} ${event.id}`);
    },
    options: { outboundBufferSize: 300, maxQueuedPackets: 8 },
    limits: { slowPeer, slowPeerTimeout: 1 },
    dialect: dialect === "godot4" ? createGodot4Server : createGodot3Server,
  });
  engine.started();
  const accept = (): void => {
    const link = engine.accept({ remoteAddress: "127.0.0.1", remotePort: 1000 + sockets.length, abort() {} });
    const sock: Sock = {
      link,
      log: [],
      buffered: 0,
      queued: 0,
      connection: {
        specVersion: 1,
        send(data: Payload) {
          const size = typeof data === "string" ? data.length : data.byteLength;
          sock.log.push(`${size}:${typeof data === "string" ? data : (data[0] ?? "")}`);
          sock.buffered += size;
          sock.queued++;
        },
        close(code: number) {
          sock.log.push(`close ${code}`);
        },
        terminate() {
          sock.log.push("terminate");
        },
        get bufferedAmount() {
          return sock.buffered;
        },
        get bufferedMessages() {
          return sock.queued;
        },
        remoteAddress: "127.0.0.1",
        remotePort: 1000 + sockets.length,
        protocol: "",
        ...(withFanOut ? { fanOut } : {}),
      },
    };
    sockets.push(sock);
    link.upgrade([], {});
    link.open(sock.connection);
  };
  const state = () => ({ logs: sockets.map((s) => s.log), events, traffic: { ...engine.traffic }, peers: engine.peerIds() });
  return {
    engine,
    sockets,
    accept,
    state,
    advance(ms: number) {
      now += ms;
      engine.tick(now);
    },
  };
}

const size = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 41, max: 320 }) });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "accept" as const }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("put" as const), target: fc.integer({ min: -3, max: 3 }), size, fill: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("relay" as const), from: fc.nat(), to: fc.integer({ min: -3, max: 3 }), size: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sendTo" as const), i: fc.nat(), size }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("drain" as const), i: fc.nat(), bytes: fc.integer({ min: 0, max: 400 }), messages: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("outboundBufferSize" as const), value: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("maxQueuedPackets" as const), value: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("closed" as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), i: fc.nat(), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
);
type Op = typeof op extends fc.Arbitrary<infer O> ? O : never;

function apply(t: ReturnType<typeof twin>, o: Op, dialect: "godot4" | "godot3"): void {
  const pick = (i: number): Sock | undefined => (t.sockets.length === 0 ? undefined : t.sockets[i % t.sockets.length]);
  const idOf = (k: number): number => {
    const ids = t.engine.peerIds();
    return ids.length === 0 ? 0 : ids[Math.abs(k) % ids.length]!;
  };
  switch (o.kind) {
    case "accept":
      t.accept();
      return;
    case "put": {
      const target = o.target === 0 ? 0 : Math.sign(o.target) * idOf(o.target);
      t.engine.put(target, new Uint8Array(o.size).fill(o.fill));
      return;
    }
    case "relay": {
      // A client's packet: godot4 relays through the application (target = -from), godot3 by its header.
      const sock = pick(o.from);
      const ids = t.engine.peerIds();
      if (!sock || ids.length === 0) return;
      const from = ids[o.from % ids.length]!;
      const link = t.sockets.find((s) => s.link.id === from)?.link;
      if (!link) return;
      if (dialect === "godot4") {
        link.message(new Uint8Array(o.size + 1).fill(9));
        while (t.engine.inbox.receiveData() !== undefined) t.engine.put(-from, new Uint8Array(o.size + 1).fill(9));
        return;
      }
      const to = o.to === 0 ? 0 : o.to === 1 ? 1 : Math.sign(o.to) * idOf(o.to);
      const frame = new Uint8Array(9 + o.size).fill(5);
      new DataView(frame.buffer).setInt32(1, from, true);
      new DataView(frame.buffer).setInt32(5, to, true);
      frame[0] = 0;
      link.message(frame);
      while (t.engine.inbox.receiveData() !== undefined);
      return;
    }
    case "sendTo":
      t.engine.sendTo(idOf(o.i), new Uint8Array(o.size).fill(3));
      return;
    case "drain": {
      const sock = pick(o.i);
      if (!sock) return;
      sock.buffered = Math.max(0, sock.buffered - o.bytes);
      sock.queued = Math.max(0, sock.queued - o.messages);
      return;
    }
    case "outboundBufferSize":
    case "maxQueuedPackets":
      t.engine.setOption(o.kind, o.value);
      return;
    case "closed":
      pick(o.i)?.link.closed(1000, "");
      return;
    case "disconnect":
      t.engine.disconnectPeer(idOf(o.i), { force: o.force });
      return;
    case "advance":
      t.advance(o.ms);
      return;
  }
}

describe("broadcast through a fan-out", () => {
  for (const dialect of ["godot4", "godot3"] as const) {
    it(`sends, refuses and closes exactly as one send per peer does (${dialect})`, () => {
      fc.assert(
        fc.property(fc.constantFrom<SlowPeerPolicy>("drop", "close-on-relay", "close"), fc.array(op, { minLength: 10, maxLength: 120 }), (slowPeer, ops) => {
          const one = twin(false, dialect, slowPeer);
          const fan = twin(true, dialect, slowPeer);
          for (const o of ops) {
            apply(one, o, dialect);
            apply(fan, o, dialect);
            expect(fan.state()).toEqual(one.state());
          }
        }),
        { numRuns: 300 },
      );
      expect(groupSends).toBeGreaterThan(100);
      expect(groupLeaves).toBeGreaterThan(20);
    });
  }
});
