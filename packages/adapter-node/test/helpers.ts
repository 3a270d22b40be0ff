import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClientOptions, createClient, createServer, type MultiplayerClient, type MultiplayerServer, type ServerOptions, type TlsClientOptions, type TlsServerOptions } from "../src/index.js";

/** Everything a test opened, closed in `afterEach` by `closeAll`. */
const opened: { close(): unknown }[] = [];

export function track<T extends { close(): unknown }>(thing: T): T {
  opened.push(thing);
  return thing;
}

/** Tracks a socket (or anything with `destroy`) for teardown. */
export function trackSocket<T extends { destroy(): unknown }>(socket: T): T {
  opened.push({ close: () => socket.destroy() });
  return socket;
}

export async function closeAll(): Promise<void> {
  const things = opened.splice(0);
  await Promise.all(things.map((t) => Promise.resolve(t.close()).catch(() => undefined)));
}

export interface Listening {
  readonly server: MultiplayerServer;
  readonly port: number;
  readonly url: string;
}

/** A server on 127.0.0.1 and an ephemeral port, listening. */
export async function listen(options: ServerOptions = {}, tls?: TlsServerOptions, bindAddress = "127.0.0.1"): Promise<Listening> {
  const server = track(createServer(0, bindAddress, tls, options));
  const { port } = await server.listen();
  const host = bindAddress === "::1" ? "[::1]" : "127.0.0.1";
  return { server, port, url: `${tls ? "wss" : "ws"}://${host}:${port}` };
}

/** A client of `url`, tracked for teardown (not awaited). */
export function client(url: string, options: ClientOptions = {}, tls?: TlsClientOptions): MultiplayerClient {
  return track(createClient(url, tls, options));
}

/** Connects `count` clients and waits until the server has admitted all of them. */
export async function clients(listening: Listening, count: number, options: ClientOptions = {}): Promise<MultiplayerClient[]> {
  const list = Array.from({ length: count }, () => client(listening.url, options));
  await Promise.all(list.map((c) => c.connect()));
  await until(() => list.every((c) => listening.server.hasPeer(c.getUniqueId())));
  return list;
}

/** Waits until `check()` is true, polling every few ms; fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with the arguments of the next `name` event, or fails after `timeoutMs`. */
export function next<A extends unknown[]>(target: { once(name: string, fn: (...args: never[]) => void): unknown }, name: string, timeoutMs = 5000): Promise<A> {
  return new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${name}"`)), timeoutMs);
    target.once(name, ((...args: A) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

/** Waits `ms` of real time: only where a test asserts that something does NOT happen. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

export interface TestChain {
  /** The root CA a client trusts. */
  readonly root: string;
  /** The intermediate CA the server sends along with its certificate. */
  readonly intermediate: string;
  /** The server's key and leaf certificate (signed by the intermediate). */
  readonly leaf: TestCertificate;
}

const SERVER_NAMES = "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost";

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

/** Runs `make` in a fresh temporary directory that is removed afterwards. */
function inTempDir<T>(make: (dir: string, read: (name: string) => string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "wsmp-cert-"));
  try {
    return make(dir, (name) => readFileSync(join(dir, name), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A throw-away self-signed certificate for 127.0.0.1, ::1 and localhost, made with the openssl CLI. */
export function makeCertificate(): TestCertificate {
  return inTempDir((dir, read) => {
    openssl(dir, ["req", "-x509", ...EC, "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=wsmp test", "-addext", SERVER_NAMES]);
    return { key: read("key.pem"), cert: read("cert.pem") };
  });
}

/** A throw-away root CA -> intermediate CA -> server certificate chain. */
export function makeCertificateChain(): TestChain {
  return inTempDir((dir, read) => {
    const ca = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
    writeFileSync(join(dir, "ca.ext"), ca);
    writeFileSync(join(dir, "leaf.ext"), `basicConstraints=CA:FALSE\n${SERVER_NAMES}\n`);
    openssl(dir, ["req", "-x509", ...EC, "-keyout", "root.key", "-out", "root.pem", "-days", "1", "-subj", "/CN=wsmp test root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    openssl(dir, ["req", "-new", ...EC, "-keyout", "mid.key", "-out", "mid.csr", "-subj", "/CN=wsmp test intermediate"]);
    openssl(dir, ["x509", "-req", "-in", "mid.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-out", "mid.pem", "-days", "1", "-extfile", "ca.ext"]);
    openssl(dir, ["req", "-new", ...EC, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=wsmp test server"]);
    openssl(dir, ["x509", "-req", "-in", "leaf.csr", "-CA", "mid.pem", "-CAkey", "mid.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "1", "-extfile", "leaf.ext"]);
    return { root: read("root.pem"), intermediate: read("mid.pem"), leaf: { key: read("leaf.key"), cert: read("leaf.pem") } };
  });
}
