import type { Socket } from "node:net";
import { createClient } from "@wsmp/adapter-node";
import { type Harness, type HarnessEvent, openRawSocket, rawWebSocketPeer, type ServerHandle } from "@wsmp/conformance";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createBunHarness } from "./support/bun-harness.js";

/**
 * What `peer_disconnected` says about a close the Bun server starts (`disconnectPeer`), with and
 * without the front. Behind the front the report waits for the client's answer to the close frame:
 * `wasClean` is true when it answered and false when the core dropped it at the close deadline.
 * Without the front Bun reports its own close at once, before the client could answer, so
 * `wasClean` is true even for a client that never answers (docs/security.md).
 */

type Disconnected = Extract<HarnessEvent, { type: "peer_disconnected" }>;

async function disconnected(server: ServerHandle, id: number, timeoutMs = 5000): Promise<{ event: Disconnected; afterMs: number }> {
  const start = Date.now();
  for (let since = 0; Date.now() - start < timeoutMs; ) {
    const events = await server.events(since, 200);
    since += events.length;
    const event = events.find((e): e is Disconnected => e.type === "peer_disconnected" && e.id === id);
    if (event) return { event, afterMs: Date.now() - start };
  }
  throw new Error(`no peer_disconnected for ${id} within ${timeoutMs} ms`);
}

const harnesses: Harness[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(harnesses.map((h) => h.teardown()));
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.dispose?.()));
});

for (const front of [true, false]) {
  const harness = createBunHarness({ front });
  harnesses.push(harness);
  describe(front ? "a Bun server behind the front" : "a Bun server without the front (plain ws:// default)", () => {
    it("reports a close it started to a client that answers as clean, with its code", async () => {
      const server = await harness.startServer({ options: { handshakeTimeout: 1 } });
      const client = createClient(`ws://127.0.0.1:${server.port}/`);
      const id = await client.connect();
      const closed = client.whenClosed;
      expect(await server.disconnectPeer(id, { code: 4321, reason: "bye" })).toBe(true);
      const { event } = await disconnected(server, id);
      expect(event).toMatchObject({ code: 4321, reason: "bye", wasClean: true, byServer: true });
      expect(await closed).toMatchObject({ code: 4321, reason: "bye", wasClean: true });
    });

    it(front ? "reports a client that never answers as not clean, at the close deadline" : "reports a client that never answers as clean, at once (Bun does not wait for the answer)", async () => {
      const server = await harness.startServer({ options: { handshakeTimeout: 1 } });
      const socket = await openRawSocket(server.port);
      sockets.push(socket);
      const { id } = await rawWebSocketPeer(socket, false); // never answers anything, the close frame included
      expect(await server.disconnectPeer(id, { code: 4321, reason: "bye" })).toBe(true);
      const { event, afterMs } = await disconnected(server, id);
      expect(event).toMatchObject({ code: 4321, byServer: true, wasClean: !front });
      if (front) expect(afterMs).toBeGreaterThanOrEqual(900);
      else expect(afterMs).toBeLessThan(900);
    });
  });
}
