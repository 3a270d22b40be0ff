import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionFailure, ErrorCode, type HandshakeFailure, type Packet, TLSOptions, isWsmpError } from "../src/index.js";
import { client, closeAll, listen, trackSocket, makeCertificate, makeCertificateChain, next, type TestCertificate, type TestChain, until } from "./helpers.js";
import { connect as netConnect } from "node:net";

afterEach(closeAll);

let cert: TestCertificate;
let chain: TestChain;
beforeAll(() => {
  cert = makeCertificate();
  chain = makeCertificateChain();
});

async function failure(promise: Promise<number>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => new Error("connected unexpectedly"),
    (e: Error) => e,
  );
  expect(isWsmpError(error)).toBe(true);
  return error;
}

describe("wss", () => {
  it("a client trusting the server's certificate connects and exchanges packets", async () => {
    const l = await listen({}, TLSOptions.server(cert.key, cert.cert));
    expect(l.url.startsWith("wss://")).toBe(true);
    const c = client(l.url, {}, TLSOptions.client(cert.cert));
    const id = await c.connect();
    await until(() => l.server.hasPeer(id));
    expect(l.server.getPeerAddress(id)).toBe("127.0.0.1");
    const atServer = next<[Packet]>(l.server, "packet");
    c.send("over tls");
    expect((await atServer)[0].data).toBe("over tls");
    const atClient = next<[Packet]>(c, "packet");
    l.server.send(id, new Uint8Array([1, 2, 3]));
    expect([...((await atClient)[0].data as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it("takes PEM bytes as well as text", async () => {
    const enc = new TextEncoder();
    const l = await listen({}, TLSOptions.server(enc.encode(cert.key), enc.encode(cert.cert)));
    const c = client(l.url, {}, TLSOptions.client(enc.encode(cert.cert)));
    expect(await c.connect()).toBeGreaterThanOrEqual(2);
  });

  it("a client with the default trust store refuses a self-signed server", async () => {
    const l = await listen({}, TLSOptions.server(cert.key, cert.cert));
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const c = client(l.url);
    const clientFailed = next<[ConnectionFailure]>(c, "connection_failed");
    expect((await failure(c.connect())).code).toBe(ErrorCode.TRANSPORT);
    expect((await clientFailed)[0].message).toMatch(/self[- ]signed|certificate/i);
    await failed;
    expect(l.server.peers).toEqual([]);
  });

  it("TLSOptions.clientUnsafe() connects without checking the certificate", async () => {
    const l = await listen({}, TLSOptions.server(cert.key, cert.cert));
    const c = client(l.url, {}, TLSOptions.clientUnsafe());
    expect(await c.connect()).toBeGreaterThanOrEqual(2);
  });

  it("commonNameOverride checks the certificate against another name", async () => {
    const l = await listen({}, TLSOptions.server(cert.key, cert.cert));
    const ok = client(l.url, {}, TLSOptions.client(cert.cert, "localhost"));
    expect(await ok.connect()).toBeGreaterThanOrEqual(2);
    const wrong = client(l.url, {}, TLSOptions.client(cert.cert, "other.example"));
    expect((await failure(wrong.connect())).message).toMatch(/other\.example/);
  });

  it("sends the CA chain so a client trusting only the root connects", async () => {
    const l = await listen({}, TLSOptions.server(chain.leaf.key, chain.leaf.cert, chain.intermediate));
    const c = client(l.url, {}, TLSOptions.client(chain.root));
    expect(await c.connect()).toBeGreaterThanOrEqual(2);
    // Without the chain the same client cannot build a path to its root.
    const bare = await listen({}, TLSOptions.server(chain.leaf.key, chain.leaf.cert));
    const d = client(bare.url, {}, TLSOptions.client(chain.root));
    expect((await failure(d.connect())).code).toBe(ErrorCode.TRANSPORT);
  });

  it("the handshake timeout covers the TLS handshake", async () => {
    const l = await listen({ handshakeTimeout: 0.3 }, TLSOptions.server(cert.key, cert.cert));
    const failed = next<[HandshakeFailure]>(l.server, "handshake_failed");
    const socket = trackSocket(netConnect(l.port, "127.0.0.1"));
    socket.on("error", () => undefined);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    expect((await failed)[0].code).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    await closed;
  });
});
