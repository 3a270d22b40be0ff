import { describe, expect, it } from "vitest";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { toHex } from "../shared/bytes.js";
import { MultiplayerClient } from "./multiplayer-client.js";
import { ConnectionStatus, GodotError } from "../shared/constants.js";
import { ErrorCode, InvalidArgumentError, InvalidStateError, type WsmpError } from "../shared/errors.js";
import type { PeerOptions } from "../shared/peer-options.js";
import { ReadyState } from "./peer-handle.js";
import { allocatePeerId } from "../engine/peer-ids.js";
import type { RandomSource } from "../contract/transport.js";
import { type CloseInfo, ServerEngine } from "../engine/server-engine.js";
import { MultiplayerServer, type ServerConfig } from "./multiplayer-server.js";
import { createMemoryPeers, createScriptedRandom, createSeededRandom, ManualClock, type MemoryConnectOptions, MemoryNetwork } from "../testing/index.js";

describe("server and client over the memory network", () => {
  it("gives each client a distinct id >= 2 and reports peer_connected on both sides", async () => {
    const peers = await createMemoryPeers();
    const joined: number[] = [];
    peers.server.on("peer_connected", (id) => joined.push(id));
    const clients = await peers.connectClients(3);
    const ids = clients.map((c) => c.getUniqueId());
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(2);
    expect(joined.sort()).toEqual([...ids].sort());
    expect(peers.server.peers.sort()).toEqual([...ids].sort());
    for (const c of clients) expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
  });

  it("routes broadcast, one peer and all-but-one", async () => {
    const peers = await createMemoryPeers();
    const [a, b, c] = await peers.connectClients(3);
    const got = new Map<number, string[]>();
    for (const cl of [a!, b!, c!]) {
      got.set(cl.getUniqueId(), []);
      cl.on("packet", (p) => got.get(cl.getUniqueId())!.push(toHex(p.data as Uint8Array)));
    }
    peers.server.send(0, new Uint8Array([1]));
    peers.server.send(b!.getUniqueId(), new Uint8Array([2]));
    peers.server.send(-c!.getUniqueId(), new Uint8Array([3]));
    await peers.settle();
    expect(got.get(a!.getUniqueId())).toEqual(["01", "03"]);
    expect(got.get(b!.getUniqueId())).toEqual(["01", "02", "03"]);
    expect(got.get(c!.getUniqueId())).toEqual(["01"]);
    expect(peers.server.putPacket(new Uint8Array([9]))).toBe(GodotError.OK);
    peers.server.targetPeer = 12345;
    expect(peers.server.putPacket(new Uint8Array([9]))).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("queues client packets for getPacket with their source", async () => {
    const peers = await createMemoryPeers();
    const [a, b] = await peers.connectClients(2);
    a!.send(new Uint8Array([0xaa]));
    b!.send("hello");
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(2);
    expect(peers.server.getPacketPeer()).toBe(a!.getUniqueId());
    expect(toHex(peers.server.getPacket()!)).toBe("AA");
    expect(peers.server.wasStringPacket()).toBe(false);
    expect(peers.server.getPacketPeer()).toBe(b!.getUniqueId());
    expect(peers.server.getPacket()).toEqual(new Uint8Array([0x68, 0x65, 0x6c, 0x6c, 0x6f]));
    expect(peers.server.wasStringPacket()).toBe(true);
  });

  it("fires peer_disconnected when a client leaves, and server_disconnected on the client", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const left: number[] = [];
    peers.server.on("peer_disconnected", (id) => left.push(id));
    let serverGone = false;
    a!.on("server_disconnected", () => (serverGone = true));
    a!.disconnect(4000, "bye");
    await peers.settle();
    expect(left).toEqual([a!.getUniqueId()]);
    expect(serverGone).toBe(true);
    const info = await a!.whenClosed;
    expect(info.wasClean).toBe(true);
  });

  it("times out a connection that never upgrades", async () => {
    const peers = await createMemoryPeers();
    const failures: string[] = [];
    peers.server.on("handshake_failed", (f) => failures.push(f.code));
    const stalled = peers.client({}, { neverUpgrade: true });
    const result = stalled.connect().catch((e: Error) => e);
    peers.clock.advance(2999);
    expect(failures).toEqual([]);
    peers.clock.advance(2);
    await peers.settle();
    expect(failures).toEqual(["WSMP_ERR_HANDSHAKE_TIMEOUT"]);
    expect(await result).toBeInstanceOf(Error);
  });
});

// ---- a harness with an injectable random source and a view of the engine -------------------

interface Harness {
  readonly clock: ManualClock;
  readonly network: MemoryNetwork;
  readonly server: MultiplayerServer;
  client(options?: Partial<PeerOptions>, connectOptions?: MemoryConnectOptions): MultiplayerClient;
  settle(): Promise<void>;
}

async function harness(config: Partial<ServerConfig> = {}, random: RandomSource = createSeededRandom(3), listen = true): Promise<Harness> {
  const clock = new ManualClock();
  const network = new MemoryNetwork();
  const runtime = clock.runtime(random);
  const server = new MultiplayerServer(network.serverTransport(), runtime, { port: 9000, ...config });
  if (listen) await server.listen();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 30; i++) {
      const moved = network.flush();
      for (let j = 0; j < 5; j++) await Promise.resolve();
      if (moved === 0 && (network.inFlight === 0 || !network.flowing)) break;
    }
  };
  const client = (options: Partial<PeerOptions> = {}, connectOptions: MemoryConnectOptions = {}): MultiplayerClient =>
    new MultiplayerClient(network.clientTransport(connectOptions), runtime, { url: "ws://127.0.0.1:9000", options });
  return { clock, network, server, client, settle };
}

/** Connections the server engine still tracks (pending, open or closing). */
function live(server: MultiplayerServer): number {
  return (server as unknown as { engine: ServerEngine }).engine.liveConnections;
}

async function connected(h: Harness, count: number): Promise<MultiplayerClient[]> {
  const clients = Array.from({ length: count }, () => h.client());
  const ids = clients.map((c) => c.connect());
  await h.settle();
  await Promise.all(ids);
  return clients;
}

function failureCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: unknown) => (error as WsmpError).code,
  );
}

describe("peer ids", () => {
  it("stay unique and >= 2 when the random source repeats itself or yields 0 and 1", async () => {
    // Masked to 31 bits, 0x80000005 is 5 again and 0x80000000 / 0x80000001 are 0 / 1.
    const words = [5, 0x80000005, 0, 1, 5, 0x80000000, 0x80000001, 9, 9, 0x80000005, 0x7fffffff];
    const h = await harness({}, createScriptedRandom(words));
    const stalled = h.client({}, { neverUpgrade: true }); // holds an id while pending
    void stalled.connect().catch(() => undefined);
    const clients = await connected(h, 2);
    expect(clients.map((c) => c.getUniqueId())).toEqual([9, 0x7fffffff]);
    expect(live(h.server)).toBe(3);
    expect(h.server.peers).toEqual([9, 0x7fffffff]);
  });

  it("allocatePeerId skips ids in use and never returns 0 or 1", () => {
    const used = new Set([2, 3]);
    const id = allocatePeerId(createScriptedRandom([0, 1, 2, 0x80000003, 4]), (n) => used.has(n));
    expect(id).toBe(4);
  });
});

describe("refuseNewConnections", () => {
  it("drops connections that finish their handshake while refusing, reporting handshake_failed", async () => {
    const h = await harness();
    const [existing] = await connected(h, 1);
    const failed: string[] = [];
    const joined: number[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    h.server.on("peer_connected", (id) => joined.push(id));
    h.server.refuseNewConnections = true;
    const refused = h.client();
    const result = failureCode(refused.connect());
    await h.settle();
    expect(await result).not.toBe("resolved");
    expect(failed).toEqual([ErrorCode.HANDSHAKE_REJECTED]);
    expect(joined).toEqual([]);
    expect(live(h.server)).toBe(1);
    expect(h.server.peers).toEqual([existing!.getUniqueId()]);
    h.server.refuseNewConnections = false;
    const [later] = await connected(h, 1);
    expect(joined).toEqual([later!.getUniqueId()]);
  });

  it("drops a pending connection whose socket opens after refusing started (engine level)", () => {
    const events: string[] = [];
    const engine = new ServerEngine({ dialect: createGodot4Server, random: createSeededRandom(1), clock: () => 0, emit: (e) => events.push(e.type === "handshake_failed" ? `failed:${e.info.code}` : e.type) });
    engine.started();
    let aborted = 0;
    let terminated = 0;
    const link = engine.accept({ remoteAddress: "127.0.0.1", remotePort: 1, abort: () => aborted++ }, 0);
    expect(link.upgrade([], {})).toMatchObject({ accept: true });
    engine.refuseNewConnections = true;
    link.open({ specVersion: 1, send: () => {}, close: () => {}, terminate: () => terminated++, bufferedAmount: 0, remoteAddress: "127.0.0.1", remotePort: 1, protocol: "" });
    expect(events).toEqual([`failed:${ErrorCode.HANDSHAKE_REJECTED}`]);
    expect(terminated).toBe(1);
    expect(aborted).toBe(0);
    expect(engine.liveConnections).toBe(0);
  });
});

describe("handshake timeout", () => {
  it("drops a client that never upgrades after handshakeTimeout, on both sides", async () => {
    const h = await harness();
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    const stalled = h.client({}, { neverUpgrade: true });
    const result = failureCode(stalled.connect());
    expect(live(h.server)).toBe(1);
    h.clock.advance(2999);
    await h.settle();
    expect(failed).toEqual([]);
    expect(live(h.server)).toBe(1);
    h.clock.advance(2);
    await h.settle();
    expect(failed).toEqual([ErrorCode.HANDSHAKE_TIMEOUT]);
    expect(live(h.server)).toBe(0);
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
  });

  it("reports a client that gives up during the handshake", async () => {
    const h = await harness();
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    const stalled = h.client({}, { neverUpgrade: true });
    const result = failureCode(stalled.connect());
    stalled.disconnect();
    await h.settle();
    expect(await result).toBe(ErrorCode.ABORTED);
    expect(failed).toEqual([ErrorCode.CLOSED]);
    expect(live(h.server)).toBe(0);
  });

  it("uses the current handshakeTimeout for new connections", async () => {
    const h = await harness();
    h.server.handshakeTimeout = 0.5;
    const failed: string[] = [];
    h.server.on("handshake_failed", (info) => failed.push(info.code));
    void h.client({ handshakeTimeout: 10 }, { neverUpgrade: true }).connect().catch(() => undefined);
    h.clock.advance(499);
    expect(failed).toEqual([]);
    h.clock.advance(2);
    expect(failed).toEqual([ErrorCode.HANDSHAKE_TIMEOUT]);
  });
});

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

  it("without force: sends a 1000 close frame, fires peer_disconnected at once and leaves routing", async () => {
    const h = await harness();
    const [a, b] = await connected(h, 2);
    const idA = a!.getUniqueId();
    const left: [number, CloseInfo][] = [];
    h.server.on("peer_disconnected", (id, info) => left.push([id, info]));
    const requests: [number, string][] = [];
    a!.on("server_close_request", (code, reason) => requests.push([code, reason]));
    expect(h.server.disconnectPeer(idA)).toBe(true);
    expect(left).toEqual([[idA, { code: 1000, reason: "", wasClean: false, byServer: true }]]);
    expect(h.server.peers).toEqual([b!.getUniqueId()]);
    h.server.targetPeer = idA;
    expect(h.server.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_INVALID_PARAMETER);
    const handle = h.server.getPeer(idA)!;
    expect(handle.getReadyState()).toBe(ReadyState.CLOSING);
    expect(live(h.server)).toBe(2);
    await h.settle();
    expect(requests).toEqual([[1000, ""]]);
    expect(left).toHaveLength(1);
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
