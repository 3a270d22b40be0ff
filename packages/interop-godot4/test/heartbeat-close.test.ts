import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import * as nodeAdapter from "@wsmp/adapter-node";
import { capabilities as bunCapabilities } from "@wsmp/adapter-bun";
import {
  adapterCapabilities,
  createInProcessHarness,
  createProcessHarness,
  type Harness,
  type HarnessEvent,
  makeTestCertificate,
  openRawSocket,
  rawWebSocketPeer,
  type ServerHandle,
} from "@wsmp/conformance";
import { afterAll, afterEach, describe, expect, it, onTestFailed } from "vitest";
import { findGodot4, type Godot4Process, godot4Absence, startGodot4Script } from "./godot4.js";

/**
 * Real Godot 4 clients (WebSocketMultiplayerPeer, godot/probe/mp_client.gd) of wsmp servers on
 * Node and on Bun:
 * - heartbeat: a Godot client that stays silent for several heartbeat intervals answers the
 *   server's pings by itself and is not disconnected, while a raw client that never answers is
 *   closed with 4003 (the control that shows pings were sent and enforced meanwhile);
 * - close codes over wss://: the code and reason of `disconnectPeer` reach Godot, not -1 (on Bun
 *   the front keeps the socket open until Godot answered the close frame; docs/security.md).
 */
const PROBE_DIR = fileURLToPath(new URL("../godot/probe", import.meta.url));
const BUN = process.env["BUN_BINARY"] ?? fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
const godot4 = await findGodot4();
console.log(godot4 ? `godot4 heartbeat and close tests: ran (binary ${godot4})` : `godot4 heartbeat and close tests: NOT RUN (${godot4Absence})`);

// handshakeTimeout is also the close grace: a peer closed for its silence is gone 1 s later at most.
const HEARTBEAT = { heartbeatInterval: 0.3, heartbeatTimeout: 0.3, handshakeTimeout: 1 };
const servers: Record<string, Harness> = {
  Node: createInProcessHarness({ name: "node", adapter: nodeAdapter }),
  Bun: createProcessHarness({ name: "bun", command: BUN, args: [fileURLToPath(new URL("./fixtures/bun-harness.ts", import.meta.url))], capabilities: adapterCapabilities({ capabilities: bunCapabilities }) }),
};
const godots: Godot4Process[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(godots.splice(0).map((g) => g.kill()));
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(Object.values(servers).map((h) => h.teardown()));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((h) => h.dispose?.()));
});

function godotClient(binary: string, url: string, idleMs = 0): Godot4Process {
  const run = startGodot4Script({ binary, projectFiles: PROBE_DIR, script: "mp_client.gd", args: [`url=${url}`, `idle_ms=${idleMs}`], timeoutMs: 20_000 });
  godots.push(run);
  onTestFailed(() => console.error(run.output.join("\n")));
  return run;
}

type Left = Extract<HarnessEvent, { type: "peer_disconnected" }>;

/** Every peer_disconnected the server reported until `ms` passed or `done` holds. */
async function departures(server: ServerHandle, done: (left: Left[]) => boolean, ms: number): Promise<Left[]> {
  const left: Left[] = [];
  const end = Date.now() + ms;
  for (let since = 0; !done(left) && Date.now() < end; ) {
    const events = await server.events(since, 100);
    since += events.length;
    left.push(...events.filter((e): e is Left => e.type === "peer_disconnected"));
  }
  return left;
}

if (!godot4) {
  it.todo(`godot4 heartbeat and close tests: NOT RUN (${godot4Absence})`);
} else {
  for (const [runtime, harness] of Object.entries(servers)) {
    describe(`Godot 4 clients of a wsmp server on ${runtime}`, () => {
      it("a silent Godot client answers the heartbeat for five intervals; a raw client that never answers is closed with 4003", async () => {
        const server = await harness.startServer({ options: HEARTBEAT });
        const godot = godotClient(godot4, `ws://127.0.0.1:${server.port}/`, 1500);
        const id = Number((await godot.waitFor("CONNECTED ")).slice(10));
        const socket = await openRawSocket(server.port);
        sockets.push(socket);
        const deaf = await rawWebSocketPeer(socket, false);
        expect(await godot.waitFor("DONE ")).toBe("DONE 4000"); // it closed by itself after 1.5 s
        const left = await departures(server, (l) => l.some((e) => e.id === id) && l.some((e) => e.id === deaf.id), 5000);
        expect(left.find((e) => e.id === deaf.id)).toMatchObject({ code: 4003, byServer: true });
        expect(deaf.pings).toBeGreaterThanOrEqual(1);
        expect(left.find((e) => e.id === id)).toMatchObject({ code: 4000, reason: "done", byServer: false, wasClean: true });
        expect(godot.engineErrors()).toEqual([]);
      });

      it("over wss://, Godot gets the close code and reason disconnectPeer sent, and the server reports a clean close", async () => {
        const cert = await makeTestCertificate();
        const server = await harness.startServer({ tls: cert });
        const godot = godotClient(godot4, `wss://127.0.0.1:${server.port}/`);
        const id = Number((await godot.waitFor("CONNECTED ")).slice(10));
        expect(await server.disconnectPeer(id, { code: 4321, reason: "bye now" })).toBe(true);
        expect(await godot.waitFor("CLOSED ")).toBe("CLOSED 4321 bye now");
        const [left] = await departures(server, (l) => l.length > 0, 5000);
        expect(left).toMatchObject({ id, code: 4321, reason: "bye now", byServer: true, wasClean: true });
      });
    });
  }
}
