import { type ClientOptions, createClient, type MultiplayerClient } from "@wsmp/adapter-node";

/** Node-side objects a test opened, closed by `closeNodeSide` in afterEach. */
const opened: { close(): unknown }[] = [];

export function track<T extends { close(): unknown }>(thing: T): T {
  opened.push(thing);
  return thing;
}

export async function closeNodeSide(): Promise<void> {
  await Promise.all(opened.splice(0).map((thing) => Promise.resolve(thing.close()).catch(() => undefined)));
}

/** A Node client of `url`, tracked for teardown. */
export function nodeClient(url: string, options: ClientOptions = {}): MultiplayerClient {
  return track(createClient(url, undefined, options));
}

export const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString("hex");
export const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/ /g, ""), "hex"));

/** What a scene client saw, as short strings ("+id", "-id", "raw from hex"). */
export function observe(client: MultiplayerClient): string[] {
  const log: string[] = [];
  client.on("peer_connected", (id) => log.push(`+${id}`));
  client.on("peer_disconnected", (id) => log.push(`-${id}`));
  client.on("peer_packet", (from, data) => log.push(`raw ${from} ${hex(data)}`));
  return log;
}

/** Waits until `check()` is true, polling every few ms; fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
