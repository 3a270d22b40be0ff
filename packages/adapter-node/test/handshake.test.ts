import { connect as netConnect, createServer as createNetServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ConnectionStatus, type ConnectionFailure, ErrorCode, type HandshakeFailure, isWsmpError } from "../src/index.js";
import { client, closeAll, clients, listen, next, pause, track, trackSocket, until } from "./helpers.js";

afterEach(closeAll);

/** A raw TCP connection to the server, collecting what it receives. */
async function rawTcp(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = trackSocket(netConnect(port, "127.0.0.1"));
  let data = "";
  socket.on("data", (chunk) => (data += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, received: () => data, closed };
}

/** Rejection reasons of a client that fails to connect. */
async function connectFailure(promise: Promise<number>): Promise<Error & { code?: string }> {
  const result = await promise.then(
    () => new Error("connected unexpectedly"),
    (error: Error) => error,
  );
  expect(isWsmpError(result)).toBe(true);
  return result;
}

describe("handshake timeout", () => {
  it("drops a TCP client that never sends an upgrade request, with no response", async () => {
    const l = await listen({ handshakeTimeout: 0.3 });
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const started = Date.now();
    const raw = await rawTcp(l.port);
    const [failure] = await failed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(failure).toMatchObject({ code: ErrorCode.HANDSHAKE_TIMEOUT, remoteAddress: "127.0.0.1", remotePort: raw.socket.localPort });
    await raw.closed;
    expect(raw.received()).toBe("");
    expect(l.server.peers).toEqual([]);
  });

  it("drops a TCP client that sends only part of the request", async () => {
    const l = await listen({ handshakeTimeout: 0.3 });
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const raw = await rawTcp(l.port);
    raw.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
    expect((await failed)[0].code).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    await raw.closed;
    expect(raw.received()).toBe("");
  });

  it("a client gives up on a server that accepts TCP but never answers", async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((s) => {
      sockets.add(s);
      s.resume(); // read (and ignore) the request, so the peer's FIN is seen
      s.on("close", () => sockets.delete(s));
    });
    track({ close: () => new Promise((resolve) => silent.close(resolve)) });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const c = client(`ws://127.0.0.1:${port}`, { handshakeTimeout: 0.3 });
    const failed = next<[ConnectionFailure]>(c, "connection_failed");
    const error = await connectFailure(c.connect());
    expect(error.code).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    expect((await failed)[0].code).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
    await until(() => sockets.size === 0, 2000, "the client to drop its socket");
  });
});

describe("plain HTTP and connection errors", () => {
  it("answers a request that is not an upgrade with 426 and closes", async () => {
    const l = await listen();
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const raw = await rawTcp(l.port);
    raw.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 426 /);
    expect((await failed)[0].code).toBe(ErrorCode.CLOSED);
  });

  it("drops a malformed upgrade request without an HTTP response", async () => {
    const l = await listen();
    const raw = await rawTcp(l.port);
    raw.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n");
    await raw.closed;
    expect(raw.received()).toBe("");
  });

  it("reports a refused connection as connection_failed, never a throw", async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const c = client(`ws://127.0.0.1:${port}`);
    const error = await connectFailure(c.connect());
    expect(error.code).toBe(ErrorCode.TRANSPORT);
    expect(c.getConnectionStatus()).toBe(ConnectionStatus.DISCONNECTED);
  });

  it("accepts a URL without a scheme as ws://", async () => {
    const l = await listen();
    const c = client(`127.0.0.1:${l.port}`);
    expect(await c.connect()).toBeGreaterThanOrEqual(2);
  });
});

describe("subprotocols", () => {
  it("picks the first protocol of the client's list that the server supports", async () => {
    const l = await listen({ supportedProtocols: ["beta", "alpha"] });
    const joined = next<[number, string]>(l.server, "peer_connected");
    const c = client(l.url, { supportedProtocols: ["gamma", "alpha", "beta"] });
    const id = await c.connect();
    expect(c.getSelectedProtocol()).toBe("alpha");
    expect(await joined).toEqual([id, "alpha"]);
    expect(l.server.getPeer(id)!.getSelectedProtocol()).toBe("alpha");
  });

  it("fails both sides when no protocol matches", async () => {
    const l = await listen({ supportedProtocols: ["x"] });
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const c = client(l.url, { supportedProtocols: ["y"] });
    const clientFailed = next<[ConnectionFailure]>(c, "connection_failed");
    await connectFailure(c.connect());
    await clientFailed;
    const [failure] = await failed;
    expect(failure.code).toBe(ErrorCode.HANDSHAKE_REJECTED);
    expect(failure.reason).toMatch(/subprotocol/);
    expect(l.server.peers).toEqual([]);
  });

  it("drops a refused upgrade without any HTTP response", async () => {
    const l = await listen({ supportedProtocols: ["x"] });
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const raw = await rawTcp(l.port);
    raw.socket.write(
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: y\r\n\r\n",
    );
    await raw.closed;
    expect(raw.received()).toBe("");
    expect((await failed)[0].code).toBe(ErrorCode.HANDSHAKE_REJECTED);
  });

  it("fails when the server requires a protocol and the client offers none", async () => {
    const l = await listen({ supportedProtocols: ["x"] });
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const c = client(l.url);
    await connectFailure(c.connect());
    expect((await failed)[0].code).toBe(ErrorCode.HANDSHAKE_REJECTED);
  });

  it("fails when the client offers a protocol and the server supports none", async () => {
    const l = await listen();
    const c = client(l.url, { supportedProtocols: ["x"] });
    await connectFailure(c.connect());
  });

  it("connects with no protocol on either side and sends no protocol header", async () => {
    const l = await listen();
    const c = client(l.url);
    const id = await c.connect();
    expect(c.getSelectedProtocol()).toBe("");
    expect(l.server.getPeer(id)!.getSelectedProtocol()).toBe("");
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    const [response] = await next<[{ headers: Record<string, string> }]>(raw, "upgrade");
    expect(response.headers["sec-websocket-protocol"]).toBeUndefined();
  });
});

describe("handshake headers", () => {
  it("makes a client's extra header visible in getPeer(id).headers", async () => {
    const l = await listen();
    const c = client(l.url, { handshakeHeaders: ["X-Client-Token: abc123", "X-Game: demo"] });
    const id = await c.connect();
    await until(() => l.server.hasPeer(id));
    const headers = l.server.getPeer(id)!.headers;
    expect(headers["x-client-token"]).toBe("abc123");
    expect(headers["x-game"]).toBe("demo");
    expect(headers["upgrade"]).toBe("websocket");
  });

  it("appends the server's extra headers to the 101 response", async () => {
    const l = await listen({ handshakeHeaders: ["X-Server-Token: s3cret", "X-Region: eu"] });
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    const [response] = await next<[{ statusCode: number; headers: Record<string, string> }]>(raw, "upgrade");
    expect(response.statusCode).toBe(101);
    expect(response.headers["x-server-token"]).toBe("s3cret");
    expect(response.headers["x-region"]).toBe("eu");
  });
});

describe("refuseNewConnections", () => {
  it("refuses new clients while set, keeps existing peers, and admits again when cleared", async () => {
    const l = await listen();
    const [existing] = await clients(l, 1);
    l.server.refuseNewConnections = true;
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const refused = client(l.url);
    await connectFailure(refused.connect());
    expect((await failed)[0]).toMatchObject({ code: ErrorCode.HANDSHAKE_REJECTED, reason: expect.stringMatching(/refuses/) });
    expect(l.server.peers).toEqual([existing!.getUniqueId()]);
    const got = next(l.server, "packet");
    existing!.send("still here");
    await got;
    l.server.refuseNewConnections = false;
    const later = client(l.url);
    expect(await later.connect()).toBeGreaterThanOrEqual(2);
    await pause(0);
  });
});
