import { describe, expect, it } from "vitest";
import { fromHex } from "../shared/bytes.js";
import { ConnectionStatus, GodotError } from "../shared/constants.js";
import type { ConnectRequest } from "../contract/transport.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import { WebSocketClient } from "./websocket-client.js";
import { WebSocketServer } from "./websocket-server.js";
import { godot3Buffers } from "./godot3-buffers.js";

/** Godot 3's classes before they start, while they run and when they start again: defaults, guards and the events passed on. */

function world() {
  const net = new MemoryNetwork();
  const runtime = new ManualClock().runtime(createScriptedRandom([11, 22, 33, 44, 55]));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (net.flush() > 0 || i < 3); i++) await Promise.resolve();
  };
  const connects: ConnectRequest[] = [];
  const server = (): WebSocketServer => new WebSocketServer(() => net.serverTransport(), runtime);
  const client = (): WebSocketClient =>
    new WebSocketClient(() => {
      const t = net.clientTransport();
      return { ...t, connect: (request: ConnectRequest) => (connects.push(request), t.connect(request)) };
    }, runtime);
  return { settle, server, client, connects };
}

/** Every event of `target` in order, as "name(args)". */
function logOf(target: { readonly events: { on(name: string, listener: (...args: unknown[]) => void): unknown } }, names: readonly string[]): string[] {
  const log: string[] = [];
  for (const name of names) target.events.on(name, (...args) => log.push(`${name}(${args.map((a) => (typeof a === "object" ? "{}" : String(a))).join(",")})`));
  return log;
}

describe("Godot 3 WebSocketServer before and while listening", () => {
  it("answers as Godot does before listen", async () => {
    const server = world().server();
    expect([server.hasPeer(11), server.getPeerAddress(11), server.getPeerPort(11), server.getPeer(11)]).toEqual([false, "", 0, undefined]);
    expect([server.getUniqueId(), server.isServer(), server.bindIp]).toEqual([1, true, "*"]);
    server.disconnectPeer(11);
    await expect(server.ready()).rejects.toThrow("listen() was not called");
  });

  it("names the property that cannot change while listening, and refuses an empty bind address", async () => {
    const server = world().server();
    expect(() => (server.bindIp = "")).toThrow('bindIp must be "*" or an IP address');
    expect(() => (server.bindIp = 7 as never)).toThrow('bindIp must be "*" or an IP address');
    server.listen(0);
    await server.ready();
    for (const property of ["bindIp", "privateKey", "sslCertificate", "caChain"] as const) {
      expect(() => ((server as unknown as Record<string, unknown>)[property] = "x")).toThrow(`${property} cannot change while the server is listening`);
    }
    await server.stop();
  });

  it("refuses new connections when told to while listening, and clears its extra headers", async () => {
    const w = world();
    const server = w.server();
    server.setExtraHeaders(["X-Game: demo"]);
    server.setExtraHeaders();
    server.listen(9000);
    await server.ready();
    const failures = logOf(server, ["handshake_failed"]);
    server.refuseNewConnections = true;
    const c = w.client();
    c.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    expect(failures).toEqual(["handshake_failed({})"]);
    server.refuseNewConnections = false;
    const ok = w.client();
    ok.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    expect(ok.getPeer(1)!.headers["x-game"]).toBeUndefined();
  });

  it("reports a port it could not bind as the error event", async () => {
    const w = world();
    const first = w.server();
    first.listen(9000);
    await first.ready();
    const second = w.server();
    const errors = logOf(second, ["error"]);
    expect(second.listen(9000)).toBe(GodotError.OK);
    await expect(second.ready()).rejects.toThrow("port 9000 is already in use");
    expect(errors).toEqual(["error({})"]);
  });

  it("passes on the protocol errors and drops of multiplayer mode", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000, [], true);
    await server.ready();
    const log = logOf(server, ["protocol_error", "packet_dropped"]);
    const bad = w.client();
    bad.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    bad.multiplayer!.getPeer(1)!.send(fromHex("05"));
    await w.settle();
    expect(log).toEqual(["protocol_error({})"]);
    const c = w.client();
    c.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    c.targetPeer = 4242;
    c.putPacket(fromHex("01"));
    await w.settle();
    expect(log).toEqual(["protocol_error({})", "packet_dropped({})"]);
  });
});

describe("Godot 3 WebSocketClient before, during and after a connection", () => {
  it("answers as Godot does before connecting", async () => {
    const c = world().client();
    expect([c.getConnectedHost(), c.getConnectedPort(), c.isServer(), c.getPeer(1)]).toEqual(["", 0, false, undefined]);
    c.disconnectFromHost();
    await expect(c.ready()).rejects.toThrow("connectToUrl() was not called");
  });

  it("checks the server certificate by default, and takes only a wss:// URL as TLS", () => {
    const w = world();
    const c = w.client();
    c.connectToUrl("wss://127.0.0.1:9000");
    c.multiplayer!.close();
    c.connectToUrl("ws://127.0.0.1:9000/wss://x");
    expect(w.connects.map((r) => r.tls)).toEqual([{ kind: "client", trustedCa: undefined, unsafe: false }, undefined]);
  });

  it("keeps its certificate and buffers while connected", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000);
    await server.ready();
    const c = w.client();
    c.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(() => (c.trustedSslCertificate = "CA")).toThrow("trustedSslCertificate cannot change while connected");
    expect(c.setBuffers(16, 100, 16, 100)).toBe(GodotError.FAILED);
  });

  for (const gdMpApi of [false, true]) {
    it(`${gdMpApi ? "multiplayer" : "raw"} mode: a connection that is still closing when the next one starts reports nothing more`, async () => {
      const w = world();
      const server = w.server();
      server.listen(9000, [], gdMpApi);
      await server.ready();
      const c = w.client();
      // (In multiplayer mode the new connection may hear the old one join and leave, as any peer.)
      const log = logOf(c, ["connection_closed", "connection_error", "connection_failed", "server_close_request"]);
      c.connectToUrl("ws://127.0.0.1:9000", [], gdMpApi);
      await w.settle();
      c.disconnectFromHost();
      expect(c.connectToUrl("ws://127.0.0.1:9000", [], gdMpApi)).toBe(GodotError.OK);
      await w.settle();
      expect(log).toEqual([]);
      expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    });
  }

  it("multiplayer mode: passes on the server's protocol errors", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000);
    await server.ready();
    const c = w.client();
    const log = logOf(c, ["protocol_error", "connection_failed"]);
    c.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    server.getPeer(11)!.putPacket(fromHex("09 01"));
    await w.settle();
    expect(log).toEqual(["protocol_error({})", "connection_failed()"]);
  });

  it("multiplayer mode: passes on the packets it had to drop", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000, [], true);
    await server.ready();
    const c = w.client();
    c.setBuffers(16, 1, 16, 1);
    const log = logOf(c, ["packet_dropped"]);
    c.connectToUrl("ws://127.0.0.1:9000", [], true);
    await w.settle();
    server.putPacket(fromHex("01"));
    server.putPacket(fromHex("02"));
    await w.settle();
    expect(log).toEqual(["packet_dropped({})"]);
  });
});

describe("Godot 3 classes: closing with the defaults, and RPC refusals on the client", () => {
  it("disconnectPeer and disconnectFromHost close with 1000 and no reason by default", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000);
    await server.ready();
    const serverSaw = logOf(server, ["client_close_request"]);
    const a = w.client();
    const aSaw = logOf(a, ["server_close_request"]);
    a.connectToUrl("ws://127.0.0.1:9000");
    const b = w.client();
    b.connectToUrl("ws://127.0.0.1:9000");
    await w.settle();
    server.disconnectPeer(11);
    b.disconnectFromHost();
    await w.settle();
    expect(aSaw).toEqual(["server_close_request(1000,)"]);
    expect(serverSaw).toEqual(["client_close_request(22,1000,)"]);
  });

  it("passes on the client's rpc_error", async () => {
    const w = world();
    const server = w.server();
    server.listen(9000, [], true);
    await server.ready();
    const serverWorld = server.node("Game/World", { rpc: { hello: { mode: "remote" }, extra: { mode: "remote" } } });
    const c = w.client();
    const errors = logOf(c, ["rpc_error"]);
    c.connectToUrl("ws://127.0.0.1:9000", [], true);
    c.node("Game/World", { rpc: { hello: { mode: "remote" } } });
    await w.settle();
    serverWorld.rpcId(11, "extra");
    await w.settle();
    expect(errors).toEqual(["rpc_error({})"]);
  });
});

describe("Godot 3's set_buffers", () => {
  it("rounds each size up to a power of two and keeps one less, from 1 to 2^20", () => {
    expect(godot3Buffers(1, 1, 1, 1)).toEqual({ inboundBufferSize: 1023, maxQueuedPackets: 1, outboundBufferSize: 1023 });
    expect(godot3Buffers(2, 2, 3, 1)).toEqual({ inboundBufferSize: 2047, maxQueuedPackets: 1, outboundBufferSize: 4095 });
    expect(godot3Buffers(2 ** 20, 2 ** 20, 4, 5)).toEqual({ inboundBufferSize: 2 ** 30 - 1, maxQueuedPackets: 2 ** 20 - 1, outboundBufferSize: 4095 });
    expect(godot3Buffers(1, 3, 1, 1)!.maxQueuedPackets).toBe(3);
    for (const bad of [0, 2 ** 20 + 1, 1.5]) expect(godot3Buffers(bad, 1, 1, 1)).toBeUndefined();
  });
});
