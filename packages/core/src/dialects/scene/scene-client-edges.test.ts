import { describe, expect, it } from "vitest";
import { fromHex, i32Bytes } from "../../shared/bytes.js";
import { GodotError } from "../../shared/constants.js";
import { ErrorCode } from "../../shared/errors.js";
import type { ClientEvent } from "../../engine/client-engine.js";
import { engineClient } from "../../testing/fake-sockets.js";
import { encodeAddPeer, encodeAuth, encodeAuthComplete, encodeDelPeer, encodeRaw, encodeRelay } from "./scene-codec.js";
import type { SceneClientOptions } from "./scene-options.js";
import { createSceneClient } from "./scene-client-dialect.js";

/** The scene client at the engine: what each rule says, the events' copies and flags, the end of a connection. */

type SceneControl = { sendBytes(data: Uint8Array, to: number): number; sendAuth(id: number, data: Uint8Array): number; completeAuth(id: number): number };

/** A scene client that got id 77 (and, without auth, is connected), its events cleared. */
function client(options: SceneClientOptions = {}) {
  const c = engineClient({ dialect: createSceneClient(options) });
  const connection = c.open();
  c.link.message(i32Bytes(77));
  c.events.length = 0;
  const control = (c.engine as unknown as { dialect: { scene: SceneControl } }).dialect.scene;
  return Object.assign(c, { connection, control });
}

/** The scene signals, without the replication layer's reports (these packets are too short to replicate anything). */
const signals = (events: ClientEvent[]) => events.flatMap((e) => (e.type === "signal" && e.name !== "rpc_error" ? [[e.name, ...e.args]] : []));
const failure = (events: ClientEvent[]) => events.flatMap((e) => (e.type === "protocol_error" ? [e.info.message] : []));

describe("scene client: what a server that breaks the rules is told", () => {
  for (const [message, data] of [
    ["packet from the server: SYS packet without a sub-command", new Uint8Array([7])],
    ["ADD_PEER with an invalid id 77", encodeAddPeer(77)],
    ["DEL_PEER for the server itself", encodeDelPeer(1)],
    ["relayed packet from 5: SYS packet without a sub-command", encodeRelay(5, new Uint8Array([7]))],
    ["relayed packet from 5: a SYS packet cannot be relayed", encodeRelay(5, encodeDelPeer(3))],
  ] as const) {
    it(`fails with "${message}"`, () => {
      const c = client();
      c.link.message(data);
      expect(failure(c.events)).toEqual([message]);
    });
  }

  it("fails on a first message that is not an id, and says what it must be", () => {
    const c = engineClient({ dialect: createSceneClient() });
    c.open();
    c.link.message(fromHex("01 00 00 00"));
    expect(failure(c.events)).toEqual(["the first message from the server must be a 4-byte id >= 2"]);
  });

  it("ignores a late authentication confirmation, and drops authentication data it did not ask for", () => {
    const c = client();
    c.link.message(encodeAuthComplete());
    expect(c.events).toEqual([]);
    c.link.message(encodeAuth(fromHex("01 02")));
    expect(c.events.map((e) => (e.type === "packet_dropped" ? [e.info.code, e.info.reason, e.info.size] : e.type))).toEqual([
      [ErrorCode.PROTOCOL, "the server sent authentication data, but this client is not authenticating (no scene.auth callback)", 4],
    ]);
  });
});

describe("scene client: packets", () => {
  it("reports send_bytes data of any first byte, and says whether a packet came through the relay", () => {
    const c = client();
    c.link.message(encodeRaw(fromHex("00 01")));
    c.link.message(fromHex("06 01 02"));
    c.link.message(encodeRelay(5, fromHex("06 03")));
    expect(signals(c.events)).toEqual([
      ["peer_packet", 1, fromHex("00 01")],
      ["scene_packet", { from: 1, command: 6, commandName: "sync", data: fromHex("06 01 02"), relayed: false }],
      ["scene_packet", { from: 5, command: 6, commandName: "sync", data: fromHex("06 03"), relayed: true }],
    ]);
  });

  it("hands out copies: the transport may reuse the message's buffer", () => {
    const c = client();
    const raw = encodeRaw(fromHex("AA"));
    const other = fromHex("06 BB");
    c.link.message(raw);
    c.link.message(other);
    raw.fill(0);
    other.fill(0);
    expect(signals(c.events)).toEqual([
      ["peer_packet", 1, fromHex("AA")],
      ["scene_packet", expect.objectContaining({ data: fromHex("06 BB") })],
    ]);
  });

  it("sends text to the server as text", () => {
    const c = client();
    expect(c.engine.put(1, "hi")).toBe(GodotError.OK);
    expect(c.connection.sent.at(-1)).toBe("hi");
  });
});

describe("scene client: authentication and the end of the connection", () => {
  it("authenticates with the server only", () => {
    const c = client({ auth: () => true });
    expect(c.control.sendAuth(5, fromHex("01"))).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(c.control.completeAuth(5)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(c.control.sendAuth(1, fromHex("01"))).toBe(GodotError.OK);
  });

  it("asks to be woken at the authentication deadline, and names the reason when it passes", () => {
    const c = client({ auth: () => undefined, authTimeout: 2 });
    expect(c.wakes).toContain(2000);
    c.engine.tick(2000);
    expect(failure(c.events)).toEqual(["authentication of the server failed (timeout)"]);
  });

  it("after the connection ended, sends nothing and reports no failed authentication it never started", () => {
    const c = client();
    c.link.closed(1000, "");
    expect(signals(c.events)).toEqual([]);
    expect(c.control.sendBytes(fromHex("01"), 1)).toBe(GodotError.ERR_UNCONFIGURED);
  });
});
