import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import { GodotError } from "../../shared/constants.js";
import { ErrorCode } from "../../shared/errors.js";
import { engineServer, fakeConnection } from "../../testing/fake-sockets.js";
import { encodeAddPeer, encodeAuth, encodeAuthComplete, encodeDelPeer, encodeRaw, encodeRelay } from "./scene-codec.js";
import { resolveSceneOptions, type SceneServerOptions } from "./scene-options.js";
import { createSceneServer } from "./scene-server-dialect.js";

/** The scene server at the engine: what each rule says, which messages are relays, a join that cannot be sent. */

function scene(options: SceneServerOptions = {}, config: Omit<Parameters<typeof engineServer>[0] & object, "dialect"> = {}) {
  return engineServer({ ...config, dialect: createSceneServer(options) });
}

/** The connection the engine holds for a peer, as the fake sockets record it. */
function connectionOf(s: ReturnType<typeof scene>, id: number) {
  return s.engine.getPeer(id)!.connection as unknown as ReturnType<typeof fakeConnection>;
}

describe("scene server: what a client that breaks the rules is told", () => {
  it("names the rule in the protocol error", () => {
    const s = scene();
    const peers = s.peers(4);
    const ids = peers.map((p) => p.link.id);
    peers[0]!.link.message(new Uint8Array([7]));
    peers[1]!.link.message(encodeAddPeer(5));
    peers[2]!.link.message(encodeRelay(ids[0]!, new Uint8Array([7])));
    peers[3]!.link.message(encodeRelay(ids[0]!, encodeDelPeer(5)));
    expect(s.of("protocol_error").map((e) => e.info.message)).toEqual([
      `packet from ${ids[0]}: SYS packet without a sub-command`,
      `packet from ${ids[1]}: ADD_PEER/DEL_PEER only come from the server`,
      `relay from ${ids[2]}: inner packet: SYS packet without a sub-command`,
      `relay from ${ids[3]}: a SYS packet cannot be relayed`,
    ]);
  });

  it("names why a relay or authentication data was dropped", () => {
    const s = scene({ relay: () => false });
    const [a, b] = s.peers(2);
    const [idA, idB] = [a!.link.id, b!.link.id];
    a!.link.message(encodeRelay(4242, encodeRaw(fromHex("01"))));
    a!.link.message(encodeRelay(idB, encodeRaw(fromHex("01"))));
    a!.link.message(encodeAuth(fromHex("01")));
    expect(s.of("packet_dropped").map((e) => [e.info.code, e.info.reason])).toEqual([
      [ErrorCode.UNKNOWN_PEER, `relay from ${idA} to 4242: not a connected peer`],
      [ErrorCode.UNKNOWN_PEER, `the relay policy does not let ${idA} reach ${idB}`],
      [ErrorCode.PROTOCOL, `authentication data from ${idA}, which is not authenticating (does the server have an auth callback?)`],
    ]);
  });
});

describe("scene server: joins, leaves and relays", () => {
  it("announcements and relayed packets are relays: a slow receiver is closed for each under 'close-on-relay'", () => {
    const limits = { slowPeer: "close-on-relay" } as const;
    const options = { outboundBufferSize: 20 };
    const slowOne = (s: ReturnType<typeof scene>, id: number): void => void (connectionOf(s, id).bufferedAmount = 15);
    const closed = (s: ReturnType<typeof scene>) => s.of("protocol_error").map((e) => [e.info.peer, e.info.closeCode]);

    // ADD_PEER to the peers already there, about a newcomer.
    const joined = scene({}, { limits, options });
    const [old] = joined.peers(1);
    slowOne(joined, old!.link.id);
    joined.accept().open();
    expect(closed(joined)).toEqual([[old!.link.id, 4004]]);

    // DEL_PEER to those who stay.
    const left = scene({}, { limits, options });
    const [leaver, stayer] = left.peers(2);
    slowOne(left, stayer!.link.id);
    leaver!.link.closed(1000, "");
    expect(closed(left)).toEqual([[stayer!.link.id, 4004]]);

    // A relay to one peer, and to everyone.
    for (const to of ["one", "all"] as const) {
      const relay = scene({}, { limits, options });
      const [sender, slow] = relay.peers(2);
      slowOne(relay, slow!.link.id);
      sender!.link.message(encodeRelay(to === "one" ? slow!.link.id : 0, encodeRaw(fromHex("01 02"))));
      expect(closed(relay)).toEqual([[slow!.link.id, 4004]]);
    }
  });

  it("a newcomer whose id cannot be sent is no member: nobody hears it joined or left", () => {
    const s = scene();
    const others = s.peers(2).map((p) => connectionOf(s, p.link.id));
    const before = others.map((c) => c.sent.length);
    const socket = s.accept();
    const full = fakeConnection();
    full.bufferedAmount = 65535 - 3;
    socket.link.open(full);
    expect(s.of("peer_connected")).toEqual([]);
    expect(s.engine.liveConnections).toBe(2);
    expect(others.map((c) => c.sent.length)).toEqual(before);
  });

  describe("a newcomer dropped while it is being announced (its buffer refused an ADD_PEER)", () => {
    const limits = { slowPeer: "close-on-relay" } as const;
    const options = { outboundBufferSize: 20 };
    const hex = (c: ReturnType<typeof fakeConnection>) => c.sent.map((d) => toHex(d as Uint8Array));

    it("is taken back from the peers already told, and never connected nor disconnected", () => {
      const s = scene({}, { limits, options });
      const [other] = s.peers(1);
      const otherConnection = connectionOf(s, other!.link.id);
      otherConnection.sent.length = 0;
      const socket = s.accept();
      const connection = fakeConnection();
      connection.bufferedAmount = 15;
      socket.link.open(connection);
      socket.link.closed(1006, "");
      expect(hex(otherConnection)).toEqual([toHex(encodeAddPeer(socket.link.id)), toHex(encodeDelPeer(socket.link.id))]);
      expect(s.events.map((e) => e.type)).toEqual(["packet_dropped", "protocol_error", "handshake_failed"]);
      expect(s.engine.liveConnections).toBe(1);
    });

    it("after authenticating, likewise", () => {
      const s = scene({ auth: () => true }, { limits, options });
      const authenticate = (socket: ReturnType<typeof s.accept>, connection: ReturnType<typeof fakeConnection>, full: number): void => {
        socket.link.open(connection);
        socket.link.message(encodeAuthComplete());
        connection.bufferedAmount = full;
        socket.link.message(encodeAuth(fromHex("01")));
      };
      const other = s.accept();
      const otherConnection = fakeConnection();
      authenticate(other, otherConnection, 0);
      expect(s.of("peer_connected").map((e) => e.id)).toEqual([other.link.id]);
      otherConnection.sent.length = 0;
      const newcomer = s.accept();
      authenticate(newcomer, fakeConnection(), 15);
      newcomer.link.closed(1006, "");
      expect(hex(otherConnection)).toEqual([toHex(encodeAddPeer(newcomer.link.id)), toHex(encodeDelPeer(newcomer.link.id))]);
      expect(s.of("peer_connected").map((e) => e.id)).toEqual([other.link.id]);
      expect(s.of("peer_disconnected")).toEqual([]);
    });

    it("a peer dropped by the announcement is not announced to the newcomer", () => {
      const s = scene({}, { limits, options });
      const [slow] = s.peers(1);
      connectionOf(s, slow!.link.id).bufferedAmount = 15;
      const newcomer = s.accept();
      const connection = newcomer.open();
      expect(hex(connection)).not.toContain(toHex(encodeAddPeer(slow!.link.id)));
      expect(s.of("peer_connected").map((e) => e.id)).toEqual([newcomer.link.id]);
    });
  });

  it("sendBytes to a peer that is not there is an invalid parameter", () => {
    const s = scene();
    s.peers(1);
    const dialect = (s.engine as unknown as { dialect: { scene: { sendBytes(data: Uint8Array, to: number): number } } }).dialect;
    expect(dialect.scene.sendBytes(fromHex("01"), 4242)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });
});

describe("scene options", () => {
  it("refuse what is neither true nor an object, and an authTimeout that is not a finite number >= 0", () => {
    for (const bad of ["yes", null, 3]) expect(() => resolveSceneOptions(bad as never)).toThrow("scene must be true or an options object");
    for (const timeout of ["3", Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => resolveSceneOptions({ authTimeout: timeout as never })).toThrow(`scene.authTimeout must be a number of seconds >= 0, got ${String(timeout)}`);
    }
    expect(resolveSceneOptions({ authTimeout: 0 }).authTimeoutMs).toBe(0);
  });
});

describe("scene server: authentication", () => {
  it("without a timeout asks for no wake-up and has no deadline; with one, the earliest pending peer's", () => {
    const untimed = scene({ auth: () => undefined, authTimeout: 0 });
    untimed.accept().open();
    expect(untimed.wakes.filter((at) => !Number.isFinite(at))).toEqual([]);
    expect(untimed.engine.nextDeadline()).toBeUndefined();
    const timed = scene({ auth: () => undefined, authTimeout: 2 }, { options: { handshakeTimeout: 10 } });
    timed.now = 500;
    timed.accept().open();
    timed.now = 100;
    timed.accept().open();
    timed.now = 900;
    timed.accept().open();
    expect(timed.engine.nextDeadline()).toBe(2100);
  });

  it("hands the callback a copy of the data, and names what a pending peer may send", () => {
    const seen: Uint8Array[] = [];
    const s = scene({ auth: (_id, data) => void seen.push(data) });
    const socket = s.accept();
    socket.open();
    const message = encodeAuth(fromHex("AA BB"));
    socket.link.message(message);
    message.fill(0);
    expect(seen).toEqual([fromHex("AA BB")]);
    socket.link.message(encodeRaw(fromHex("01")));
    expect(s.of("packet_dropped").map((e) => e.info.reason)).toEqual([
      `peer ${socket.link.id} is authenticating: only AUTH packets (07 00 ...) are allowed until both sides completed`,
    ]);
  });
});
