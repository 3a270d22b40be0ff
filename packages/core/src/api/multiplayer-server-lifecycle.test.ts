import { describe,expect,it } from "vitest";
import { ConnectionStatus,GodotError } from "../shared/constants.js";
import { ErrorCode,InvalidArgumentError,InvalidStateError } from "../shared/errors.js";
import { ReadyState } from "./peer-handle.js";
import { type CloseInfo } from "../engine/server-engine.js";
import { MultiplayerServer } from "./multiplayer-server.js";
import { createSeededRandom } from "../testing/index.js";

import { connected,failureCode,harness,live } from "../testing/server-harness.js";

describe("disconnectPeer", () => {
  it("with force: drops the socket at once and fires no peer_disconnected", async () => {
    const h = await harness();
    const [a, b] = await connected(h, 2);
    const left: number[] = [];
    h.server.on("peer_disconnected", (id) => left.push(id));
    const idA = a!.getUniqueId();
    expect(h.server.disconnectPeer(idA, true)).toBe(true);
    expect(h.server.hasPeer(idA)).toBe(false);
    expect(h.server.peers).toEqual([b!.getUniqueId()]);
    expect(live(h.server)).toBe(1);
    let clientSaw: CloseInfo | undefined;
    a!.on("server_disconnected", (info) => (clientSaw = info));
    await h.settle();
    expect(left).toEqual([]);
    expect(clientSaw).toMatchObject({ code: 1006, wasClean: false });
    expect(b!.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(h.server.disconnectPeer(idA, true)).toBe(false);
  });

  it("without force: sends a 1000 close frame and leaves routing at once; peer_disconnected (clean) fires when the handshake finished", async () => {
    const h = await harness();
    const [a, b] = await connected(h, 2);
    const idA = a!.getUniqueId();
    const left: [number, CloseInfo][] = [];
    h.server.on("peer_disconnected", (id, info) => left.push([id, info]));
    const requests: [number, string][] = [];
    a!.on("server_close_request", (code, reason) => requests.push([code, reason]));
    expect(h.server.disconnectPeer(idA)).toBe(true);
    expect(left).toEqual([]);
    expect(h.server.peers).toEqual([b!.getUniqueId()]);
    h.server.targetPeer = idA;
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_INVALID_PARAMETER);
    const handle = h.server.getPeer(idA)!;
    expect(handle.getReadyState()).toBe(ReadyState.CLOSING);
    expect(live(h.server)).toBe(2);
    await h.settle();
    expect(requests).toEqual([[1000, ""]]);
    expect(left).toEqual([[idA, { code: 1000, reason: "", wasClean: true, byServer: true }]]);
    expect(live(h.server)).toBe(1);
    expect(handle.getReadyState()).toBe(ReadyState.CLOSED);
    expect(h.server.getPeer(idA)).toBeUndefined();
    expect((await a!.whenClosed).code).toBe(1000);
  });

  it("terminates a peer that never answers the close frame after handshakeTimeout", async () => {
    const h = await harness();
    const [a] = await connected(h, 1);
    h.network.flowing = false;
    h.server.disconnectPeer(a!.getUniqueId());
    h.clock.advance(2999);
    expect(live(h.server)).toBe(1);
    h.clock.advance(2);
    expect(live(h.server)).toBe(0);
    h.network.flowing = true;
    await h.settle();
    expect((await a!.whenClosed).code).toBe(1006);
  });

  it("takes Godot 3's code and reason, and refuses codes that cannot be sent", async () => {
    const h = await harness();
    const [a] = await connected(h, 1);
    expect(() => h.server.disconnectPeer(a!.getUniqueId(), 1005)).toThrow(InvalidArgumentError);
    expect(() => h.server.disconnectPeer(a!.getUniqueId(), 4000, "x".repeat(124))).toThrow(InvalidArgumentError);
    let got: [number, string] | undefined;
    a!.on("server_close_request", (code, reason) => (got = [code, reason]));
    expect(h.server.disconnectPeer(a!.getUniqueId(), 4000, "bye")).toBe(true);
    await h.settle();
    expect(got).toEqual([4000, "bye"]);
  });

  it("returns false for an unknown id", async () => {
    const h = await harness();
    expect(h.server.disconnectPeer(12345)).toBe(false);
    expect(h.server.disconnectPeer(1, true)).toBe(false);
  });
});

describe("close()", () => {
  it("sends close frames, fires no peer event and releases every connection", async () => {
    const h = await harness();
    const clients = await connected(h, 3);
    const events: string[] = [];
    for (const name of ["peer_connected", "peer_disconnected", "client_close_request", "packet", "packet_dropped", "protocol_error", "handshake_failed"] as const) {
      h.server.on(name, () => events.push(name));
    }
    let closeEvents = 0;
    h.server.on("close", () => closeEvents++);
    const requests: number[] = [];
    for (const c of clients) c.on("server_close_request", (code) => requests.push(code));
    clients[0]!.send(new Uint8Array([1])); // in flight when the server closes
    const closing = h.server.close();
    expect(h.server.close()).toBe(closing);
    expect(h.server.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
    await h.settle();
    await closing;
    expect(requests).toEqual([1000, 1000, 1000]);
    expect(events).toEqual([]);
    expect(closeEvents).toBe(1);
    expect(live(h.server)).toBe(0);
    for (const c of clients) expect((await c.whenClosed).code).toBe(1000);
    expect(h.server.getAvailablePacketCount()).toBe(0);
    await expect(h.server.listen()).rejects.toBeInstanceOf(InvalidStateError);
  });

  it("terminates connections whose close handshake does not finish in time", async () => {
    const h = await harness();
    const clients = await connected(h, 2);
    h.network.flowing = false;
    await h.server.close();
    await h.settle();
    expect(live(h.server)).toBe(2);
    h.clock.advance(2999);
    expect(live(h.server)).toBe(2);
    h.clock.advance(2);
    expect(live(h.server)).toBe(0);
    h.network.flowing = true;
    await h.settle();
    for (const c of clients) expect((await c.whenClosed).code).toBe(1006);
  });

  it("drops pending connections without an event", async () => {
    const h = await harness();
    const failed: unknown[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info));
    const stalled = h.client({}, { neverUpgrade: true });
    const result = failureCode(stalled.connect());
    await h.server.close();
    await h.settle();
    expect(live(h.server)).toBe(0);
    expect(failed).toEqual([]);
    expect(await result).not.toBe("resolved");
  });

  it("before listen() finished: never starts and never reports listening", async () => {
    const h = await harness({}, createSeededRandom(3), false);
    const events: string[] = [];
    h.server.on("listening", () => events.push("listening"));
    const listening = h.server.listen();
    const closing = h.server.close();
    await listening.catch(() => undefined);
    await closing;
    expect(events).toEqual([]);
    expect(h.server.isListening()).toBe(false);
    expect(h.server.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
    const refused = failureCode(h.client().connect());
    await h.settle();
    expect(await refused).toBe(ErrorCode.TRANSPORT);
  });
});

describe("listen()", () => {
  it("rejects a busy port, reports DISCONNECTED and can be tried again", async () => {
    const h = await harness();
    const other = new MultiplayerServer(h.network.serverTransport(), h.clock.runtime(), { port: 9000 });
    await expect(other.listen()).rejects.toMatchObject({ code: ErrorCode.TRANSPORT, godotError: 22 });
    expect(other.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(other.isListening()).toBe(false);
    await h.server.close();
    await expect(other.listen()).resolves.toMatchObject({ port: 9000 });
    expect(other.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    await other.close();
  });

  it("validates the port and TLS options", async () => {
    const h = await harness();
    const make = (port: number, tls?: unknown) => new MultiplayerServer(h.network.serverTransport(), h.clock.runtime(), { port, tls: tls as undefined });
    for (const port of [-1, 65536, 1.5, Number.NaN]) expect(() => make(port)).toThrow(InvalidArgumentError);
    expect(() => make(0, { kind: "client" })).toThrow(InvalidArgumentError);
    const ephemeral = make(0);
    expect((await ephemeral.listen()).port).not.toBe(0);
    await ephemeral.close();
  });
});

describe("Godot-faithful answers", () => {
  it("before and after listening", async () => {
    const h = await harness({}, createSeededRandom(3), false);
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(h.server.getUniqueId()).toBe(0);
    expect(h.server.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(() => h.server.send(0, new Uint8Array([1]))).toThrow(InvalidStateError);
    const listening = h.server.listen();
    expect(h.server.listen()).toBe(listening);
    expect(h.server.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    await listening;
    expect(h.server.getUniqueId()).toBe(1);
    expect(h.server.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(h.server.isServer()).toBe(true);
    // Broadcast with nobody connected is fine.
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.OK);
  });

  it("refuses unknown targets and target 1 with ERR_INVALID_PARAMETER", async () => {
    const h = await harness();
    const [a] = await connected(h, 1);
    for (const target of [1, 12345, a!.getUniqueId() + 1]) {
      h.server.targetPeer = target;
      expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(() => h.server.send(target, new Uint8Array([1]))).toThrow(expect.objectContaining({ code: ErrorCode.UNKNOWN_PEER }));
    }
    expect(() => h.server.send(1.5, new Uint8Array([1]))).toThrow(InvalidArgumentError);
    expect(() => h.server.send(0, 42 as unknown as Uint8Array)).toThrow(InvalidArgumentError);
    h.server.setTargetPeer(-a!.getUniqueId());
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.OK);
    await h.settle();
    expect(a!.getAvailablePacketCount()).toBe(0);
  });

  it("answers getPacketPeer 1 and getPacket undefined on an empty queue", async () => {
    const h = await harness();
    expect(h.server.getPacketPeer()).toBe(1);
    expect(h.server.getPacket()).toBeUndefined();
    expect(h.server.getAvailablePacketCount()).toBe(0);
    expect(h.server.getPacketChannel()).toBe(0);
    expect(h.server.getPacketMode()).toBe(2);
  });

  it("reports 65526 as the largest packet by default", async () => {
    const h = await harness();
    expect(h.server.getMaxPacketSize()).toBe(65526);
  });

  it("reports each peer's address, port and ready state", async () => {
    const h = await harness();
    const [a] = await connected(h, 1);
    const id = a!.getUniqueId();
    expect(h.server.getPeerAddress(id)).toBe("127.0.0.1");
    // The server sees the client's ephemeral port, the client sees the server's listening port.
    expect(h.server.getPeerPort(id)).toBeGreaterThan(0);
    expect(h.server.getPeerPort(id)).not.toBe(9000);
    expect(h.server.getPeer(id)!.getConnectedPort()).toBe(h.server.getPeerPort(id));
    expect(a!.getConnectedPort()).toBe(9000);
    expect(h.server.getPeer(id)!.getReadyState()).toBe(ReadyState.OPEN);
    expect(h.server.getPeerAddress(999)).toBe("");
    expect(h.server.getPeerPort(999)).toBe(0);
    expect(h.server.getPeer(999)).toBeUndefined();
  });
});
