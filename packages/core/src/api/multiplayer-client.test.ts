import { describe, expect, it } from "vitest";
import { fromHex, type Payload } from "../shared/bytes.js";
import { MultiplayerClient } from "./multiplayer-client.js";
import { ClientEngine, type ClientEvent } from "../engine/client-engine.js";
import type { Connection } from "../contract/connection.js";
import { ConnectionStatus, GodotError } from "../shared/constants.js";
import type { ServerDialectFactory } from "../engine/dialect-contract.js";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { ErrorCode, InvalidArgumentError, InvalidStateError, UnsupportedError, type WsmpError } from "../shared/errors.js";
import type { CloseInfo } from "../engine/server-engine.js";
import type { ServerConfig } from "./multiplayer-server.js";
import { createMemoryPeers, type MemoryPeers } from "../testing/index.js";
import { MEMORY_CLIENT_CAPABILITIES } from "../testing/memory-network.js";
import type { ClientTransport } from "../contract/transport.js";

/** A server dialect whose first message is `first` instead of the id (`null`: it sends nothing). */
function firstMessage(first: Payload | null): ServerDialectFactory {
  return (ctx) => {
    const base = createGodot4Server(ctx);
    return { ...base, admit: (id) => first === null || ctx.sendTo(id, first) === GodotError.OK };
  };
}

function failureCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: unknown) => (error as WsmpError).code,
  );
}

const CLIENT_EVENTS = [
  "connected_to_server",
  "connection_failed",
  "server_disconnected",
  "peer_connected",
  "peer_disconnected",
  "server_close_request",
  "packet",
  "packet_dropped",
  "protocol_error",
  "close",
] as const;

/** Records every client event by name, with the id for peer events. */
function record(client: MultiplayerClient): string[] {
  const log: string[] = [];
  for (const name of CLIENT_EVENTS) {
    client.on(name, (...args: unknown[]) => log.push(name === "peer_connected" || name === "peer_disconnected" ? `${name}(${String(args[0])})` : name));
  }
  return log;
}

async function setup(config: Partial<ServerConfig> = {}): Promise<MemoryPeers> {
  return createMemoryPeers(config);
}

describe("client state machine (engine)", () => {
  it("goes idle -> connecting -> waiting_id -> connected", () => {
    const events: ClientEvent[] = [];
    const engine = new ClientEngine({ dialect: createGodot4Client, clock: () => 0, emit: (e) => events.push(e) });
    expect(engine.clientState).toBe("idle");
    expect(engine.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    const link = engine.begin(() => {}, 0);
    expect(engine.clientState).toBe("connecting");
    expect(engine.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    const sent: Payload[] = [];
    const connection: Connection = { specVersion: 1, send: (d) => sent.push(d), close: () => {}, terminate: () => {}, bufferedAmount: 0, remoteAddress: "h", remotePort: 1, protocol: "" };
    link.open(connection);
    expect(engine.clientState).toBe("waiting_id");
    expect(engine.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    expect(engine.put(1, new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
    link.message(fromHex("87 D6 12 00"));
    expect(engine.clientState).toBe("connected");
    expect(engine.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(engine.getUniqueId()).toBe(1234567);
    expect(events.map((e) => e.type)).toEqual(["connected", "peer_connected"]);
    expect(engine.nextDeadline()).toBeUndefined();
    expect(() => engine.begin(() => {})).toThrow(InvalidStateError);
  });
});

describe("client over the memory network", () => {
  it("connects: CONNECTING until the id arrives, then connected_to_server and peer_connected(1)", async () => {
    const peers = await setup();
    const client = peers.client();
    const log = record(client);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    const connecting = client.connect();
    expect(client.connect()).toBe(connecting);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    expect(client.getUniqueId()).toBe(0);
    expect(client.putPacket(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
    await peers.settle();
    const id = await connecting;
    expect(client.getUniqueId()).toBe(id);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(log).toEqual(["connected_to_server", "peer_connected(1)"]);
    expect(client.peers).toEqual([1]);
    expect(peers.server.peers).toEqual([id]);
  });

  it("connect() is idempotent: one connection, one id", async () => {
    const peers = await setup();
    const client = peers.client();
    const joined: number[] = [];
    peers.server.on("peer_connected", (id) => joined.push(id));
    const a = client.connect();
    const b = client.connect();
    await peers.settle();
    expect(await a).toBe(await b);
    expect(joined).toEqual([await a]);
  });

  const BAD_FIRST: readonly (readonly [string, Payload])[] = [
    ["3 bytes", fromHex("87 D6 12")],
    ["5 bytes", fromHex("87 D6 12 00 00")],
    ["an empty message", new Uint8Array(0)],
    ["id 0", fromHex("00 00 00 00")],
    ["id 1", fromHex("01 00 00 00")],
    ["a negative id", fromHex("FF FF FF FF")],
    ["a text message", "abcd"],
  ];
  for (const [label, first] of BAD_FIRST) {
    it(`fails with 1002 and WSMP_ERR_PROTOCOL when the first message is ${label}`, async () => {
      const peers = await setup({ dialect: firstMessage(first) });
      const client = peers.client();
      const log = record(client);
      const errors: number[] = [];
      client.on("protocol_error", (info) => errors.push(info.closeCode));
      const serverSaw: [number, string][] = [];
      peers.server.on("client_close_request", (_id, code, reason) => serverSaw.push([code, reason]));
      const result = failureCode(client.connect());
      await peers.settle();
      expect(await result).toBe(ErrorCode.PROTOCOL);
      expect(errors).toEqual([1002]);
      expect(serverSaw).toEqual([[1002, "Protocol error"]]);
      expect(log).toEqual(["protocol_error", "connection_failed", "close"]);
      expect(client.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
      expect((await client.whenClosed).code).toBe(1002);
    });
  }

  it("times out before the socket opens: nothing at 2999 ms, failed past 3000 ms", async () => {
    const peers = await setup();
    const client = peers.client({}, { neverUpgrade: true });
    const log = record(client);
    const result = failureCode(client.connect());
    peers.clock.advance(2999);
    await peers.settle();
    expect(log).toEqual([]);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    peers.clock.advance(2);
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    expect(log).toEqual(["connection_failed", "close"]);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
  });

  it("times out while waiting for the id (unlike Godot, which would wait forever)", async () => {
    const peers = await setup({ dialect: firstMessage(null) });
    const client = peers.client();
    const log = record(client);
    const result = failureCode(client.connect());
    await peers.settle();
    peers.clock.advance(2999);
    expect(log).toEqual([]);
    peers.clock.advance(2);
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    expect(log).toEqual(["connection_failed", "close"]);
    const left: number[] = [];
    peers.server.on("peer_disconnected", (_id, info) => left.push(info.code));
    await peers.settle();
    expect(left).toEqual([1006]);
  });

  it("fails with WSMP_ERR_CLOSED when the server closes before sending the id", async () => {
    const peers = await setup({ dialect: firstMessage(null) });
    const client = peers.client();
    const log = record(client);
    const result = failureCode(client.connect());
    await peers.settle();
    peers.server.disconnectPeer(peers.server.peers[0]!, 4000, "not now");
    await peers.settle();
    expect(await result).toBe(ErrorCode.CLOSED);
    expect(log).toEqual(["connection_failed", "close"]);
    expect(await client.whenClosed).toMatchObject({ code: 4000, reason: "not now", byServer: true });
  });

  it("terminates its own close handshake after handshakeTimeout when the server never answers", async () => {
    const peers = await setup();
    const [client] = await peers.connectClients(1);
    peers.network.flowing = false;
    client!.disconnect();
    let closed: CloseInfo | undefined;
    void client!.whenClosed.then((info) => (closed = info));
    peers.clock.advance(2999);
    await Promise.resolve();
    expect(closed).toBeUndefined();
    peers.clock.advance(2);
    await client!.whenClosed;
    expect(closed).toMatchObject({ code: 1000, wasClean: false, byServer: false });
  });

  it("honours its own handshakeTimeout", async () => {
    const peers = await setup();
    const client = peers.client({ options: { handshakeTimeout: 0.25 } }, { neverUpgrade: true });
    const result = failureCode(client.connect());
    peers.clock.advance(251);
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
  });

  it("fires peer_disconnected(1) and server_disconnected only after it had connected", async () => {
    const peers = await setup();
    const [client] = await peers.connectClients(1);
    const log = record(client!);
    peers.server.disconnectPeer(client!.getUniqueId());
    await peers.settle();
    expect(log).toEqual(["server_close_request", "peer_disconnected(1)", "server_disconnected", "close"]);
    const info = await client!.whenClosed;
    expect(info).toEqual({ code: 1000, reason: "", wasClean: true, byServer: true });
    expect(client!.getCloseCode()).toBe(1000);
  });

  it("disconnect(code, reason) closes with that frame; the server sees it", async () => {
    const peers = await setup();
    const [client] = await peers.connectClients(1);
    const id = client!.getUniqueId();
    const log = record(client!);
    const serverSaw: [number, number, string][] = [];
    peers.server.on("client_close_request", (who, code, reason) => serverSaw.push([who, code, reason]));
    expect(() => client!.disconnect(1006)).toThrow(InvalidArgumentError);
    expect(() => client!.disconnect(2999)).toThrow(InvalidArgumentError);
    client!.disconnect(4001, "bye");
    // The server leaves once the close handshake finished, so the events can say it was clean.
    expect(log).toEqual([]);
    expect(client!.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    await peers.settle();
    expect(serverSaw).toEqual([[id, 4001, "bye"]]);
    expect(log).toEqual(["peer_disconnected(1)", "server_disconnected", "close"]);
    expect(await client!.whenClosed).toEqual({ code: 4001, reason: "bye", wasClean: true, byServer: false });
    client!.disconnect(); // already closed: nothing happens
    expect(log).toHaveLength(3);
  });

  it("close() sends a 1000 close frame, fires nothing more and resolves", async () => {
    const peers = await setup();
    const [client] = await peers.connectClients(1);
    const id = client!.getUniqueId();
    const log = record(client!);
    const serverSaw: number[] = [];
    peers.server.on("peer_disconnected", (who, info) => serverSaw.push(who, info.code));
    peers.server.send(id, new Uint8Array([1])); // arrives after close(): not delivered
    const closing = client!.close();
    expect(client!.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(client!.getUniqueId()).toBe(0);
    await peers.settle();
    await closing;
    expect((await client!.whenClosed).code).toBe(1000);
    expect(log).toEqual([]);
    expect(serverSaw).toEqual([id, 1000]);
    expect(client!.getAvailablePacketCount()).toBe(0);
    await client!.close(); // again: resolves at once
    await expect(client!.connect()).resolves.toBe(id); // the settled promise of the first connect
  });

  it("a refused connection (no server) rejects, fires connection_failed and close once, and closes", async () => {
    const peers = await setup();
    const client = new MultiplayerClient(peers.network.clientTransport(), peers.clock.runtime(), { url: "ws://127.0.0.1:9999" });
    const log = record(client);
    expect(await failureCode(client.connect())).toBe(ErrorCode.TRANSPORT);
    expect(log).toEqual(["connection_failed", "close"]);
    expect((await client.whenClosed).code).toBe(-1);
    await client.close();
    expect(log).toEqual(["connection_failed", "close"]);
  });

  it("disconnect() while connecting rejects connect() with WSMP_ERR_ABORTED and closes", async () => {
    const peers = await setup();
    const client = peers.client({}, { neverUpgrade: true });
    const log = record(client);
    const result = failureCode(client.connect());
    client.disconnect();
    expect(await result).toBe(ErrorCode.ABORTED);
    expect(log).toEqual(["connection_failed", "close"]);
    await client.whenClosed;
    await client.close();
  });

  it("disconnect() while waiting for the id rejects connect() with WSMP_ERR_ABORTED", async () => {
    const peers = await setup({ dialect: firstMessage(null) });
    const client = peers.client();
    const log = record(client);
    const result = failureCode(client.connect());
    await peers.settle();
    client.disconnect(4000, "changed my mind");
    expect(await result).toBe(ErrorCode.ABORTED);
    await peers.settle();
    expect(log).toEqual(["connection_failed", "close"]);
    expect((await client.whenClosed).code).toBe(4000);
  });

  for (const stage of ["connecting", "waiting for the id"] as const) {
    it(`close() while ${stage} rejects connect() with WSMP_ERR_ABORTED and fires nothing`, async () => {
      const peers = await setup({ dialect: firstMessage(null) });
      const client = stage === "connecting" ? peers.client({}, { neverUpgrade: true }) : peers.client();
      const log = record(client);
      const result = failureCode(client.connect());
      if (stage !== "connecting") await peers.settle();
      const closing = client.close();
      await peers.settle();
      expect(await result).toBe(ErrorCode.ABORTED);
      await closing;
      expect(log).toEqual([]);
    });
  }

  it("an AbortSignal aborts the attempt", async () => {
    const peers = await setup();
    const listeners: (() => void)[] = [];
    const signal = {
      aborted: false,
      addEventListener: (_type: "abort", fn: () => void) => listeners.push(fn),
      removeEventListener: (_type: "abort", fn: () => void) => listeners.splice(listeners.indexOf(fn), 1),
    };
    const client = peers.client({}, { neverUpgrade: true });
    const result = failureCode(client.connect(signal));
    signal.aborted = true;
    for (const fn of [...listeners]) fn();
    expect(await result).toBe(ErrorCode.ABORTED);
    expect(listeners).toEqual([]);
    const already = peers.client();
    expect(await failureCode(already.connect({ ...signal, aborted: true }))).toBe(ErrorCode.ABORTED);
  });

  it("rejects connect() with the error a transport throws (e.g. a browser refusing custom headers)", async () => {
    const peers = await setup();
    const transport: ClientTransport = {
      specVersion: 1,
      capabilities: MEMORY_CLIENT_CAPABILITIES,
      connect: () => {
        throw new UnsupportedError("this runtime cannot send custom headers");
      },
    };
    const client = new MultiplayerClient(transport, peers.clock.runtime(), { url: "ws://127.0.0.1:9000", options: { handshakeHeaders: ["X-A: 1"] } });
    const log = record(client);
    expect(await failureCode(client.connect())).toBe(ErrorCode.UNSUPPORTED);
    expect(log).toEqual(["connection_failed", "close"]);
    await client.whenClosed;
  });

  it("validates its URL and TLS options", async () => {
    const peers = await setup();
    const make = (url: string, tls?: unknown) => new MultiplayerClient(peers.network.clientTransport(), peers.clock.runtime(), { url, tls: tls as undefined });
    expect(() => make("")).toThrow(InvalidArgumentError);
    expect(() => make("http://127.0.0.1:9000")).toThrow(InvalidArgumentError);
    expect(() => make("ws://127.0.0.1:9000", { kind: "server", key: "", certificate: "" })).toThrow(InvalidArgumentError);
    expect(make("127.0.0.1:9000").url).toBe("ws://127.0.0.1:9000");
    expect(make("WSS://example.com").url).toBe("WSS://example.com");
  });

  it("answers Godot's questions", async () => {
    const peers = await setup();
    const [client] = await peers.connectClients(1);
    expect(client!.isServer()).toBe(false);
    expect(client!.getPacketPeer()).toBe(1);
    expect(client!.getPacket()).toBeUndefined();
    expect(client!.getMaxPacketSize()).toBe(65526);
    expect(client!.getConnectedHost()).toBe("127.0.0.1");
    expect(client!.getConnectedPort()).toBe(9000);
    expect(client!.getPeerAddress(1)).toBe("127.0.0.1");
    expect(client!.getPeerAddress(5)).toBe("");
    expect(client!.getSelectedProtocol()).toBe("");
    expect(client!.getCloseCode()).toBe(-1);
    // So is the server's handle of a peer still open.
    const handle = peers.server.getPeer(client!.getUniqueId())!;
    expect([handle.getCloseCode(), handle.getCloseReason()]).toEqual([-1, ""]);
    // The target is ignored: a Godot 4 client always sends to the server.
    client!.targetPeer = 12345;
    expect(client!.putPacket(new Uint8Array([7]))).toBe(GodotError.OK);
    await peers.settle();
    expect(peers.server.getPacketPeer()).toBe(client!.getUniqueId());
    expect(client!.disconnectPeer(5)).toBe(false);
    expect(client!.disconnectPeer(1)).toBe(true);
  });
});
