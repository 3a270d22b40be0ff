import type { Wire } from "../servers/catalog.js";
import { BenchClient } from "./bench-client.js";
import type { ConnectResult } from "./protocol.js";

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Opens `count` connections with at most `concurrency` handshakes in flight and waits until each
 * is ready (for the Godot wires: its id received). `ms` is the wall time of that, which gives
 * handshakes per second. On the godot3 wire it then waits until every client has been told
 * about every other one, so a relay window starts with a full mesh (not part of `ms`).
 */
export async function connectClients(
  /** One URL, or several that the connections take in turn (peers spread over cluster nodes). */
  url: string | readonly string[],
  wire: Wire,
  count: number,
  concurrency: number,
  timeoutMs: number,
): Promise<{ clients: BenchClient[]; result: ConnectResult }> {
  const clients: BenchClient[] = [];
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const client = new BenchClient(typeof url === "string" ? url : url[index % url.length]!, wire, index);
      try {
        await within(client.ready, timeoutMs, "handshake");
        clients.push(client);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
        client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  const ms = performance.now() - start;
  if (wire === "godot3") await waitForMesh(clients, timeoutMs);
  return { clients, result: { connected: clients.length, failed, ms, firstError } };
}

async function waitForMesh(clients: readonly BenchClient[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (clients.some((c) => c.knownPeers < clients.length - 1)) {
    if (performance.now() > deadline) throw new Error("godot3 peers were not all announced in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Closes every client and waits (bounded) until the sockets are gone. */
export async function closeClients(clients: readonly BenchClient[]): Promise<void> {
  const closed = clients.map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.socket.readyState === c.socket.CLOSED) resolve();
        else c.socket.once("close", () => resolve());
      }),
  );
  for (const client of clients) client.close();
  await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 3000))]);
}
