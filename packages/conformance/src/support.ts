import { AssertionError } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect as tcpConnect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClientHandle, HarnessEvent, ReceiveOptions, ServerHandle, WirePacket } from "./harness.js";

/** Test helpers shared by the scenarios. They run in the test process (Node or Bun). */

type EventSource = Pick<ServerHandle | ClientHandle, "events">;

/** Everything a handle reported so far, with waits that survive RPC latency. */
export class Watcher {
  readonly seen: HarnessEvent[] = [];

  constructor(
    private readonly source: EventSource,
    private readonly label: string,
  ) {}

  /** Fetches events that arrived since the last call (waiting up to `waitMs` for one). */
  async pull(waitMs = 0): Promise<void> {
    const fresh = await this.source.events(this.seen.length, waitMs);
    this.seen.push(...fresh);
  }

  /** Waits until `count` events match `pred` and returns them. */
  async waitFor<T extends HarnessEvent["type"]>(
    type: T,
    pred: (event: Extract<HarnessEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
    count = 1,
  ): Promise<Extract<HarnessEvent, { type: T }>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.matching(type, pred);
      if (hits.length >= count) return hits.slice(0, count);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new AssertionError({
          message: `${this.label}: expected ${count} "${type}" event(s) within ${timeoutMs} ms, saw: ${JSON.stringify(this.seen)}`,
        });
      }
      await this.pull(Math.min(left, 1000));
    }
  }

  matching<T extends HarnessEvent["type"]>(type: T, pred: (event: Extract<HarnessEvent, { type: T }>) => boolean = () => true): Extract<HarnessEvent, { type: T }>[] {
    return this.seen.filter((e): e is Extract<HarnessEvent, { type: T }> => e.type === type && pred(e as Extract<HarnessEvent, { type: T }>));
  }

  /** Collects events for `ms` more milliseconds (to assert that something did not happen). */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (let left = ms; left > 0; left = deadline - Date.now()) await this.pull(left);
  }
}

/** Receives until `count` packets arrived (or fails after `timeoutMs`). */
export async function receiveCount(handle: Pick<ServerHandle, "receive">, count: number, label: string, timeoutMs = 5000, options: Omit<ReceiveOptions, "max" | "waitMs"> = {}): Promise<WirePacket[]> {
  const out: WirePacket[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new AssertionError({ message: `${label}: expected ${count} packets within ${timeoutMs} ms, got ${out.length}` });
    out.push(...(await handle.receive({ ...options, max: count - out.length, waitMs: Math.min(left, 500) })));
  }
  return out;
}

/** Asserts that nothing more arrives within `ms`. */
export async function expectNoPacket(handle: Pick<ServerHandle, "receive">, ms: number, label: string): Promise<void> {
  const extra = await handle.receive({ waitMs: ms });
  if (extra.length > 0) throw new AssertionError({ message: `${label}: expected no packet, got ${JSON.stringify(extra.map((p) => ({ from: p.from, size: p.size })))}` });
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError({ message });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens a plain TCP connection that will never send an HTTP request. */
export function openRawSocket(port: number, host = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ port, host });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves with how long (ms after the call) it took the remote side to close `socket`, or -1 after `timeoutMs`. */
export function waitForRemoteClose(socket: Socket, timeoutMs: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) {
      resolve(0);
      return;
    }
    const timer = setTimeout(() => finish(-1), timeoutMs);
    const finish = (value: number): void => {
      clearTimeout(timer);
      socket.off("close", onClose);
      socket.off("end", onClose);
      resolve(value);
    };
    const onClose = (): void => finish(Date.now() - start);
    socket.on("error", () => undefined);
    socket.once("end", onClose);
    socket.once("close", onClose);
    socket.resume();
  });
}

/** True when nothing accepts TCP connections on `port` (the port was released). */
export function isPortClosed(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

export interface TestCertificate {
  readonly key: string;
  readonly certificate: string;
}

function run(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 20_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${file} failed: ${stderr || error.message}`)) : resolve()));
  });
}

/** A self-signed certificate for `localhost` and 127.0.0.1, made now with the `openssl` command. */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "wsmp-cert-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ]);
    return { key: await readFile(key, "utf8"), certificate: await readFile(cert, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
