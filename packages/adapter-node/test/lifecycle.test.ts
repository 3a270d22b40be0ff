import { createServer as createNetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type CloseInfo, ConnectionStatus, ReadyState } from "../src/index.js";
import { client, closeAll, clients, listen, next, pause, until } from "./helpers.js";

afterEach(closeAll);

describe("peer lifecycle over real sockets", () => {
  it("hands out ids and reports peer_connected on both sides", async () => {
    const l = await listen();
    const joined: number[] = [];
    l.server.on("peer_connected", (id) => joined.push(id));
    const c = client(l.url);
    const clientPeers: number[] = [];
    c.on("peer_connected", (id) => clientPeers.push(id));
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTING);
    const [connectedId] = await next<[number]>(c, "connected_to_server");
    const id = await c.connect();
    expect(id).toBe(connectedId);
    expect(id).toBeGreaterThanOrEqual(2);
    expect(c.getUniqueId()).toBe(id);
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
    expect(clientPeers).toEqual([1]);
    await until(() => joined.length === 1);
    expect(joined).toEqual([id]);
    expect(l.server.peers).toEqual([id]);
    expect(l.server.getUniqueId()).toBe(1);
    expect(l.server.getPeer(id)!.getReadyState()).toBe(ReadyState.OPEN);
  });

  it("reports a client that leaves with its close code on both sides", async () => {
    const l = await listen();
    const [c] = await clients(l, 1);
    const id = c!.getUniqueId();
    const left = next<[number, CloseInfo]>(l.server, "peer_disconnected");
    const request = next<[number, number, string]>(l.server, "client_close_request");
    const serverGone = next<[CloseInfo]>(c!, "server_disconnected");
    c!.disconnect(4000, "bye");
    expect(await request).toEqual([id, 4000, "bye"]);
    const [leftId, info] = await left;
    expect(leftId).toBe(id);
    expect(info).toMatchObject({ code: 4000, reason: "bye", byServer: false });
    expect((await serverGone)[0].byServer).toBe(false);
    const closed = await c!.whenClosed;
    expect(closed).toMatchObject({ code: 4000, wasClean: true });
    expect(l.server.hasPeer(id)).toBe(false);
    expect(c!.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
  });

  it("disconnectPeer(id) closes with 1000 and fires peer_disconnected (clean) once the close handshake finished", async () => {
    const l = await listen();
    const [c, other] = await clients(l, 2);
    const id = c!.getUniqueId();
    const left: number[] = [];
    l.server.on("peer_disconnected", (peer) => left.push(peer));
    const serverGone = next<[CloseInfo]>(c!, "server_disconnected");
    const cleanly = next<[number, CloseInfo]>(l.server, "peer_disconnected");
    expect(l.server.disconnectPeer(id)).toBe(true);
    expect(l.server.hasPeer(id)).toBe(false);
    const [, leftInfo] = await cleanly;
    expect(left).toEqual([id]);
    expect(leftInfo).toMatchObject({ code: 1000, wasClean: true, byServer: true });
    const [info] = await serverGone;
    expect(info.byServer).toBe(true);
    await c!.whenClosed;
    expect(c!.getCloseCode()).toBe(1000);
    await until(() => l.server.getPeer(id) === undefined, 5000, "the server to finish closing");
    expect(l.server.disconnectPeer(id)).toBe(false);
    expect(l.server.peers).toEqual([other!.getUniqueId()]);
    expect(other!.getConnectionStatus()).toBe(ConnectionStatus.CONNECTED);
  });

  it("disconnectPeer(id, true) drops the socket at once and fires nothing on the server", async () => {
    const l = await listen();
    const [c] = await clients(l, 1);
    const id = c!.getUniqueId();
    const left: number[] = [];
    l.server.on("peer_disconnected", (peer) => left.push(peer));
    expect(l.server.disconnectPeer(id, true)).toBe(true);
    const info = await c!.whenClosed;
    expect(info.wasClean).toBe(false);
    expect(c!.getCloseCode()).toBe(1006);
    await pause(50);
    expect(left).toEqual([]);
    expect(l.server.hasPeer(id)).toBe(false);
  });

  it("disconnectPeer(id, 4001, reason) is seen by the client's close code and reason", async () => {
    const l = await listen();
    const [c] = await clients(l, 1);
    const request = next<[number, string]>(c!, "server_close_request");
    expect(l.server.disconnectPeer(c!.getUniqueId(), 4001, "kicked for testing")).toBe(true);
    expect(await request).toEqual([4001, "kicked for testing"]);
    const info = await c!.whenClosed;
    expect(info).toMatchObject({ code: 4001, reason: "kicked for testing", byServer: true });
    expect(c!.getCloseCode()).toBe(4001);
    expect(c!.getCloseReason()).toBe("kicked for testing");
  });

  it("close() with peers connected sends them 1000, fires no peer events and releases the port", async () => {
    const l = await listen();
    const list = await clients(l, 3);
    const left: number[] = [];
    l.server.on("peer_disconnected", (peer) => left.push(peer));
    const closedEvent = next(l.server, "close");
    await l.server.close();
    await closedEvent;
    const infos = await Promise.all(list.map((c) => c.whenClosed));
    for (const [i, info] of infos.entries()) {
      expect(info.code).toBe(1000);
      expect(list[i]!.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    }
    expect(left).toEqual([]);
    expect(l.server.isListening()).toBe(false);
    // The port is free again.
    const probe = createNetServer();
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen(l.port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
  });

  it("client close() ends the connection and the server sees the peer leave", async () => {
    const l = await listen();
    const [c] = await clients(l, 1);
    const id = c!.getUniqueId();
    const left = next<[number]>(l.server, "peer_disconnected");
    await c!.close();
    expect((await left)[0]).toBe(id);
    expect(c!.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
  });

  it("reports the peer's address and port", async () => {
    const l = await listen();
    const [c] = await clients(l, 1);
    const id = c!.getUniqueId();
    expect(l.server.getPeerAddress(id)).toBe("127.0.0.1");
    expect(l.server.getPeerPort(id)).toBeGreaterThan(0);
    expect(l.server.getPeer(id)!.getConnectedPort()).toBe(l.server.getPeerPort(id));
    expect(c!.getPeerAddress(1)).toBe("127.0.0.1");
    expect(c!.getPeerPort(1)).toBe(l.port);
    expect(l.server.getPeerAddress(999)).toBe("");
  });
});
