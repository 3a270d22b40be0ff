import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8Decode } from "../shared/bytes.js";
import { ConnectionStatus, GodotError } from "../shared/constants.js";
import { WebSocketClient, type WebSocketClientEvents } from "./websocket-client.js";
import { WebSocketServer, type WebSocketServerEvents } from "./websocket-server.js";
import type { Emitter, EventMap } from "../shared/emitter.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import type { ConnectRequest, ListenRequest } from "../contract/transport.js";
import { WriteMode } from "../api/write-mode.js";

function world() {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const runtime = clock.runtime(createScriptedRandom([11, 22, 33, 44, 55]));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (net.flush() > 0 || i < 3); i++) await Promise.resolve();
  };
  const log: string[] = [];
  function record<E extends EventMap<E>>(who: string, target: { readonly events: Emitter<E> }, names: readonly (keyof E & string)[]): void {
    for (const name of names) target.events.on(name, ((...args: unknown[]) => log.push(`${who} ${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`)) as never);
  }
  const server = (): WebSocketServer => new WebSocketServer(() => net.serverTransport(), runtime);
  const client = (): WebSocketClient => new WebSocketClient(() => net.clientTransport(), runtime);
  return { settle, log, record, server, client, clock };
}

const SERVER_SIGNALS: (keyof WebSocketServerEvents)[] = ["client_connected", "client_disconnected", "client_close_request", "data_received", "peer_connected", "peer_disconnected", "peer_packet"];
const CLIENT_SIGNALS: (keyof WebSocketClientEvents)[] = ["connection_established", "connection_closed", "connection_error", "server_close_request", "data_received", "connection_succeeded", "connection_failed", "peer_connected", "peer_disconnected", "peer_packet"];

describe("Godot 3 WebSocketServer / WebSocketClient, multiplayer mode (gd_mp_api = true)", () => {
  it("emits only the multiplayer signals, relays with target 0 by default, and reports a leave", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    expect(server.listen(9000, [], true)).toBe(GodotError.OK);
    expect(server.listen(9000, [], true)).toBe(GodotError.ERR_ALREADY_IN_USE);
    await server.ready();
    expect(server.isListening()).toBe(true);
    expect(server.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    const a = w.client();
    const b = w.client();
    w.record("A", a, CLIENT_SIGNALS);
    w.record("B", b, CLIENT_SIGNALS);
    expect(a.connectToUrl("ws://127.0.0.1:9000", [], true)).toBe(GodotError.OK);
    // Godot 3 reports CONNECTED as soon as the socket is open, before SYS_ID.
    expect(a.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(a.getUniqueId()).toBe(0);
    await w.settle();
    expect(a.connectToUrl("ws://127.0.0.1:9000", [], true)).toBe(GodotError.ERR_ALREADY_IN_USE);
    b.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    expect([a.getUniqueId(), b.getUniqueId()]).toEqual([11, 22]);
    // The server reports a peer once its join messages are sent; each client once they arrive.
    expect(w.log.splice(0)).toEqual([
      "S peer_connected(11)",
      "A peer_connected(1)",
      "A connection_succeeded()",
      "S peer_connected(22)",
      "B peer_connected(1)",
      "B connection_succeeded()",
      "A peer_connected(22)",
      "B peer_connected(11)",
    ]);

    expect(a.targetPeer).toBe(0);
    expect(a.putPacket(fromHex("04 68 69"))).toBe(GodotError.OK);
    await w.settle();
    expect(w.log.splice(0).sort()).toEqual(["B peer_packet(11)", "S peer_packet(11)"]);
    expect(b.getPacketPeer()).toBe(11);
    expect(toHex(b.getPacket()!)).toBe("04 68 69");
    expect(server.getPacketPeer()).toBe(11);
    expect(toHex(server.getPacket()!)).toBe("04 68 69");

    server.setTargetPeer(22);
    expect(server.putPacket(fromHex("05"))).toBe(GodotError.OK);
    await w.settle();
    expect(w.log.splice(0)).toEqual(["B peer_packet(1)"]);

    b.disconnectFromHost(1000, "");
    await w.settle();
    // Godot 3's WebSocketClient reports any end of a multiplayer connection as connection_failed.
    expect(w.log.splice(0).sort()).toEqual(["A peer_disconnected(22)", "B connection_failed()", 'S client_close_request(22, 1000, "")', "S peer_disconnected(22)"]);
    expect(b.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
  });

  it("reports connection_failed when nobody listens", async () => {
    const w = world();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    expect(c.connectToUrl("ws://127.0.0.1:9999", [], true)).toBe(GodotError.OK);
    await w.settle();
    expect(w.log).toEqual(["C connection_failed()"]);
    await expect(c.ready()).rejects.toMatchObject({ code: "WSMP_ERR_TRANSPORT" });
  });

  it("answers the packet API with Godot's codes when nothing is connected", () => {
    const w = world();
    const s = w.server();
    const c = w.client();
    expect(s.putPacket(fromHex("01"))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(c.putPacket(fromHex("01"))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(s.getAvailablePacketCount()).toBe(0);
    expect(s.getPacketPeer()).toBe(1);
    expect(s.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    expect(s.getMaxPacketSize()).toBe(65526);
  });
});

describe("Godot 3 WebSocketServer / WebSocketClient, raw mode (gd_mp_api = false)", () => {
  it("negotiates the subprotocol and emits only the raw signals", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    server.listen(9000, ["chat", "game"]);
    await server.ready();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    c.connectToUrl("ws://127.0.0.1:9000", ["game", "chat"]);
    await w.settle();
    expect(w.log.splice(0)).toEqual(['S client_connected(11, "game")', 'C connection_established("game")']);

    const peer = server.getPeer(11)!;
    peer.setWriteMode(WriteMode.TEXT);
    peer.putPacket("hi");
    c.getPeer(1)!.putPacket(fromHex("01 02"));
    await w.settle();
    expect(w.log.splice(0).sort()).toEqual(["C data_received()", "S data_received(11)"]);
    expect(utf8Decode(c.getPeer(1)!.getPacket()!)).toBe("hi");
    expect(c.getPeer(1)!.wasStringPacket()).toBe(true);
    expect(toHex(peer.getPacket()!)).toBe("01 02");
    expect(peer.wasStringPacket()).toBe(false);
    // The multiplayer API is off in raw mode.
    expect(c.putPacket(fromHex("01"))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(server.putPacket(fromHex("01"))).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it("refuses a client whose subprotocols do not match", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    server.listen(9000, ["game"]);
    await server.ready();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    c.connectToUrl("ws://127.0.0.1:9000", ["chat"]);
    await w.settle();
    expect(w.log).toEqual(["C connection_error()"]);
  });

  it("carries disconnectPeer's code and reason to server_close_request, then connection_closed(clean)", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    server.listen(9000);
    await server.ready();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    c.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    w.log.length = 0;
    server.disconnectPeer(11, 4010, "kicked");
    await w.settle();
    // client_disconnected fires once the close handshake finished, so it reports a clean close.
    expect(w.log).toEqual(['C server_close_request(4010, "kicked")', "C connection_closed(true)", "S client_disconnected(11, true)"]);
  });

  it("carries disconnectFromHost's code and reason to client_close_request", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    server.listen(9000);
    await server.ready();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    c.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    w.log.length = 0;
    c.disconnectFromHost(4020, "bye\0");
    await w.settle();
    expect(w.log).toEqual(['S client_close_request(11, 4020, "bye")', "S client_disconnected(11, true)", "C connection_closed(true)"]);
  });

  it("reports connection_error when nobody listens and ERR_INVALID_PARAMETER for a bad URL", async () => {
    const w = world();
    const c = w.client();
    w.record("C", c, CLIENT_SIGNALS);
    expect(c.connectToUrl("http://127.0.0.1:9000")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(c.connectToUrl("ws://127.0.0.1:9000", ["bad protocol"])).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(c.connectToUrl("ws://127.0.0.1:9999")).toBe(GodotError.OK);
    await w.settle();
    expect(w.log).toEqual(["C connection_error()"]);
  });
});

describe("Godot 3 WebSocketServer properties and lifecycle", () => {
  it("listens again after stop, with no signals from the stop", async () => {
    const w = world();
    const server = w.server();
    w.record("S", server, SERVER_SIGNALS);
    server.listen(9000);
    await server.ready();
    const c = w.client();
    c.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    w.log.length = 0;
    await server.stop();
    await w.settle();
    expect(server.isListening()).toBe(false);
    expect(w.log).toEqual([]);
    expect(server.listen(9000, [], true)).toBe(GodotError.OK);
    await server.ready();
    const again = w.client();
    again.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    expect(w.log).toEqual(["S peer_connected(22)"]);
  });

  it("changes bind address and TLS material only while stopped", async () => {
    const w = world();
    const server = w.server();
    server.bindIp = "127.0.0.1";
    server.privateKey = "KEY";
    server.sslCertificate = "CERT";
    server.caChain = "CA";
    expect(server.bindIp).toBe("127.0.0.1");
    server.privateKey = undefined;
    server.listen(0);
    await server.ready();
    expect(() => (server.bindIp = "*")).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_STATE" }));
    expect(() => (server.privateKey = "KEY")).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_STATE" }));
    expect(() => (server.handshakeTimeout = 0)).toThrow(expect.objectContaining({ code: "WSMP_ERR_INVALID_ARGUMENT" }));
    expect(server.multiplayer!.bindAddress).toBe("127.0.0.1");
  });

  it("maps set_buffers like Godot 3 and refuses it while listening", async () => {
    const w = world();
    const server = w.server();
    expect(server.setBuffers(16, 100, 8, 100)).toBe(GodotError.OK);
    expect(server.setBuffers(0, 100, 8, 100)).toBe(GodotError.ERR_INVALID_PARAMETER);
    server.listen(0);
    await server.ready();
    const mp = server.multiplayer!;
    expect([mp.inboundBufferSize, mp.maxQueuedPackets, mp.outboundBufferSize]).toEqual([16383, 127, 8191]);
    expect(server.getMaxPacketSize()).toBe(8191);
    expect(server.setBuffers(64, 1024, 64, 1024)).toBe(GodotError.FAILED);
  });

  it("uses Godot 3's default limits and sends extra headers in the 101 response", async () => {
    const w = world();
    const server = w.server();
    server.setExtraHeaders(["X-Game: demo"]);
    server.listen(9000);
    await server.ready();
    expect(server.multiplayer!.maxQueuedPackets).toBe(1023);
    const c = w.client();
    c.connectToUrl("ws://127.0.0.1:9000", [], false, ["X-Player: ann"]);
    await w.settle();
    expect(server.getPeer(11)!.headers["x-player"]).toBe("ann");
    expect(c.getPeer(1)!.headers["x-game"]).toBe("demo");
    expect(c.getConnectedPort()).toBe(9000);
    expect(server.getPeerAddress(11)).toBe("127.0.0.1");
  });
});

describe("Godot 3 surface: TLS and argument errors", () => {
  it("passes key, certificate and CA chain to the transport, and wss:// trust settings to the client transport", async () => {
    const net = new MemoryNetwork();
    const runtime = new ManualClock().runtime(createScriptedRandom([11, 22, 33]));
    const listens: ListenRequest[] = [];
    const connects: ConnectRequest[] = [];
    const server = new WebSocketServer(() => {
      const t = net.serverTransport();
      return { ...t, listen: (request: ListenRequest) => (listens.push(request), t.listen(request)) };
    }, runtime);
    server.listen(9000);
    await server.stop();
    server.privateKey = "KEY";
    server.sslCertificate = "CERT";
    server.caChain = "CA";
    server.listen(9000);
    await server.ready();
    expect(listens.map((r) => r.tls)).toEqual([undefined, { kind: "server", key: "KEY", certificate: "CERT", caChain: "CA" }]);

    const client = new WebSocketClient(() => {
      const t = net.clientTransport();
      return { ...t, connect: (request: ConnectRequest) => (connects.push(request), t.connect(request)) };
    }, runtime);
    client.connectToUrl("ws://127.0.0.1:9000");
    client.multiplayer!.close();
    client.trustedSslCertificate = "MY-CA";
    client.verifySsl = false;
    client.connectToUrl("wss://127.0.0.1:9000", ["x"], false, ["A: b"]);
    expect(connects.map((r) => r.tls)).toEqual([undefined, { kind: "client", trustedCa: "MY-CA", unsafe: true }]);
    expect(connects[1]!.protocols).toEqual(["x"]);
    expect(connects[1]!.headers).toEqual([["A", "b"]]);
    await server.stop();
  });

  it("returns ERR_INVALID_PARAMETER from listen for a bad port or subprotocol", () => {
    const net = new MemoryNetwork();
    const server = new WebSocketServer(() => net.serverTransport(), new ManualClock().runtime());
    expect(server.listen(70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.listen(9000, ["two words"])).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.isListening()).toBe(false);
  });
});
