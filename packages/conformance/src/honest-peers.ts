import type { TestClient, TestServer } from "./context.js";
import type { WirePacket } from "./harness.js";
import { check, sleep } from "./support.js";
import { fromBase64, toWire } from "./wire.js";

/**
 * Honest traffic that runs while a test attacks the server: every `periodMs` each honest client
 * sends the server its next sequence number and the server sends each of them its own; with
 * `relay`, each honest client also sends it to every other honest client through the server's
 * relay. `stop` drains what is in flight and checks that every stream arrived complete and in
 * order: no loss, no duplicate, no reordering, whatever the attacker did meanwhile.
 */
export interface HonestPeers {
  /**
   * Stops sending, drains, and throws an AssertionError naming the first gap or reordering.
   * `foreign` counts the other packets the honest peers received meanwhile (e.g. a relayed flood).
   */
  stop(): Promise<{ readonly sent: number; readonly received: number; readonly foreign: number }>;
}

export interface HonestOptions {
  /** Honest clients also send to each other through the relay (`ClientHandle.put(data, id)`). */
  readonly relay?: boolean;
}

function sequence(n: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x484f4e53, true); // "SNOH": marks honest traffic
  view.setUint32(4, n, true);
  return out;
}

function sequenceOf(packet: WirePacket): number | undefined {
  if (packet.data.kind !== "binary" || packet.size !== 8) return undefined;
  const bytes = fromBase64(packet.data.base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return view.getUint32(0, true) === 0x484f4e53 ? view.getUint32(4, true) : undefined;
}

/** Checks one stream: the numbers must be 0, 1, 2... up to `sent` - 1. */
function checkStream(label: string, got: readonly number[], sent: number): void {
  for (let i = 0; i < got.length; i++) check(got[i] === i, `${label}: expected packet ${i}, got ${got[i]} (loss or reordering) after ${got.slice(Math.max(0, i - 3), i).join(",")}`);
  check(got.length === sent, `${label}: ${sent} sent, ${got.length} received`);
}

const label = (key: string): string => key.replace(/^1>/, "server>").replace(/>1$/, ">server").replace(">", " -> ");

export function startHonestPeers(server: TestServer, clients: readonly TestClient[], periodMs = 25, options: HonestOptions = {}): HonestPeers {
  let running = true;
  let rounds = 0;
  let foreign = 0;
  /** Received sequence numbers per stream, keyed "from>to" (1 is the server). */
  const streams = new Map<string, number[]>();
  for (const c of clients) {
    streams.set(`${c.id}>1`, []);
    streams.set(`1>${c.id}`, []);
    if (options.relay) for (const o of clients) if (o !== c) streams.set(`${c.id}>${o.id}`, []);
  }
  const collect = async (handle: TestServer["handle"] | TestClient["handle"], to: number): Promise<void> => {
    for (const packet of await handle.receive({ head: 8 })) {
      const n = sequenceOf(packet);
      const stream = n === undefined ? undefined : streams.get(`${packet.from}>${to}`);
      if (stream) stream.push(n!);
      else foreign++;
    }
  };
  const collectAll = (): Promise<unknown> => Promise.all([collect(server.handle, 1), ...clients.map((c) => collect(c.handle, c.id))]);
  const loop = (async () => {
    while (running) {
      const data = toWire(sequence(rounds++));
      await Promise.all([
        ...clients.flatMap((c) => (options.relay ? clients.map((o) => c.handle.put(data, o === c ? 1 : o.id)) : [c.handle.put(data)])),
        server.handle.putMany(clients.map((c) => ({ target: c.id, data }))),
      ]);
      await collectAll();
      await sleep(periodMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const deadline = Date.now() + 3000;
      const complete = (): boolean => [...streams.values()].every((got) => got.length >= rounds);
      while (!complete() && Date.now() < deadline) {
        await sleep(20);
        await collectAll();
      }
      for (const [key, got] of streams) checkStream(`honest ${label(key)}`, got, rounds);
      check(rounds > 0, "honest peers sent nothing");
      return { sent: rounds * streams.size, received: [...streams.values()].reduce((n, got) => n + got.length, 0), foreign };
    },
  };
}
