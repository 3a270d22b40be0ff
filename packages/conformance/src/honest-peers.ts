import type { TestClient, TestServer } from "./context.js";
import type { WirePacket } from "./harness.js";
import { check, sleep } from "./support.js";
import { fromBase64, toWire } from "./wire.js";

/**
 * Honest traffic that runs while a test attacks the server: every `periodMs` each honest client
 * sends the server its next sequence number and the server sends each of them its own. `stop`
 * drains what is in flight and checks that every stream arrived complete and in order: no loss,
 * no duplicate, no reordering, whatever the attacker did meanwhile.
 */
export interface HonestPeers {
  /** Stops sending, drains, and throws an AssertionError naming the first gap or reordering. */
  stop(): Promise<{ readonly sent: number; readonly received: number }>;
}

function sequence(n: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x484f4e53, true); // "SNOH": marks honest traffic
  view.setUint32(4, n, true);
  return out;
}

function sequenceOf(packet: WirePacket): number | undefined {
  if (packet.data.kind !== "binary") return undefined;
  const bytes = fromBase64(packet.data.base64);
  if (bytes.byteLength !== 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return view.getUint32(0, true) === 0x484f4e53 ? view.getUint32(4, true) : undefined;
}

/** Checks one stream: the numbers must be 0, 1, 2... up to `sent` - 1. */
function checkStream(label: string, got: readonly number[], sent: number): void {
  for (let i = 0; i < got.length; i++) check(got[i] === i, `${label}: expected packet ${i}, got ${got[i]} (loss or reordering) after ${got.slice(Math.max(0, i - 3), i).join(",")}`);
  check(got.length === sent, `${label}: ${sent} sent, ${got.length} received`);
}

export function startHonestPeers(server: TestServer, clients: readonly TestClient[], periodMs = 25): HonestPeers {
  let running = true;
  let rounds = 0;
  const toServer = new Map<number, number[]>(clients.map((c) => [c.id, []]));
  const toClient = new Map<number, number[]>(clients.map((c) => [c.id, []]));
  const collectServer = async (): Promise<void> => {
    for (const packet of await server.handle.receive()) {
      const n = sequenceOf(packet);
      if (n !== undefined) toServer.get(packet.from)?.push(n);
    }
  };
  const collectClients = async (): Promise<void> => {
    for (const client of clients) {
      for (const packet of await client.handle.receive()) {
        const n = sequenceOf(packet);
        if (n !== undefined) toClient.get(client.id)!.push(n);
      }
    }
  };
  const loop = (async () => {
    while (running) {
      const n = rounds++;
      await Promise.all([...clients.map((c) => c.handle.put(toWire(sequence(n)))), server.handle.putMany(clients.map((c) => ({ target: c.id, data: toWire(sequence(n)) })))]);
      await Promise.all([collectServer(), collectClients()]);
      await sleep(periodMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const deadline = Date.now() + 3000;
      const complete = (): boolean => [...toServer.values(), ...toClient.values()].every((got) => got.length >= rounds);
      while (!complete() && Date.now() < deadline) {
        await sleep(20);
        await Promise.all([collectServer(), collectClients()]);
      }
      for (const [id, got] of toServer) checkStream(`honest client ${id} -> server`, got, rounds);
      for (const [id, got] of toClient) checkStream(`server -> honest client ${id}`, got, rounds);
      check(rounds > 0, "honest peers sent nothing");
      return { sent: rounds * clients.length * 2, received: [...toServer.values(), ...toClient.values()].reduce((n, got) => n + got.length, 0) };
    },
  };
}
