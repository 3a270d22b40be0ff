import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import * as nodeAdapter from "@wsmp/adapter-node";
import { capabilities as bunCapabilities } from "@wsmp/adapter-bun";
import { adapterCapabilities, createInProcessHarness, createProcessHarness, type Harness, type HarnessEvent, openRawSocket, rawWebSocketPeer, type WireDialect } from "@wsmp/conformance";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot } from "./godot.js";

/**
 * Heartbeat against real Godot 3.2.3 clients (godot/hb_client.gd), in multiplayer mode (a wsmp
 * godot3 server) and raw mode (a wsmp raw server), on Node and on Bun: a Godot client that sends
 * nothing for five heartbeat intervals answers the pings by itself and is not disconnected; a raw
 * client that never answers, connected meanwhile, is closed with 4003 (the control that shows the
 * pings were sent and enforced during Godot's silence).
 */
const BUN = process.env["BUN_BINARY"] ?? fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
// handshakeTimeout is also the close grace: a peer closed for its silence is gone 1 s later at most.
const HEARTBEAT = { heartbeatInterval: 0.3, heartbeatTimeout: 0.3, handshakeTimeout: 1 };
const servers: Record<string, Harness> = {
  Node: createInProcessHarness({ name: "node", adapter: nodeAdapter }),
  Bun: createProcessHarness({ name: "bun", command: BUN, args: [fileURLToPath(new URL("./fixtures/bun-harness.ts", import.meta.url))], capabilities: adapterCapabilities({ capabilities: bunCapabilities }) }),
};
const sockets: Socket[] = [];
beforeAll(() => void requireGodot3());
beforeEach(() => resetGodotOutput());
afterEach(async () => {
  await killAllGodot();
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(Object.values(servers).map((h) => h.teardown()));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((h) => h.dispose?.()));
});

const MODES: readonly { name: string; dialect: WireDialect; mp: boolean }[] = [
  { name: "multiplayer mode (godot3 server)", dialect: "godot3", mp: true },
  { name: "raw mode (raw server)", dialect: "raw", mp: false },
];

for (const [runtime, harness] of Object.entries(servers)) {
  describe(`Godot 3 clients of a wsmp server on ${runtime} with the heartbeat on`, () => {
    for (const mode of MODES) {
      it(`${mode.name}: a silent Godot client stays for five intervals; a raw client that never answers is closed with 4003`, async () => {
        onTestFailed(() => console.error(godotOutput()));
        const server = await harness.startServer({ dialect: mode.dialect, options: HEARTBEAT });
        const port = server.port;
        const godot = runGodot("hb_client.gd", { port, mp: String(mode.mp), idle_ms: 1500 });
        await godot.waitFor("CONNECTED");
        const socket = await openRawSocket(port);
        sockets.push(socket);
        const deaf = await rawWebSocketPeer(socket, false, { waitForId: false });
        const result = await godot.result;
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(godot.engineErrors()).toEqual([]);
        const events: HarnessEvent[] = [];
        for (const end = Date.now() + 5000; events.filter((e) => e.type === "peer_disconnected").length < 2 && Date.now() < end; ) events.push(...(await server.events(events.length, 200)));
        const [godotId, deafId] = events.flatMap((e) => (e.type === "peer_connected" ? [e.id] : []));
        if (mode.mp) expect(result["id"]).toBe(godotId);
        const left = new Map(events.flatMap((e) => (e.type === "peer_disconnected" ? [[e.id, e] as const] : [])));
        expect(left.get(deafId!)).toMatchObject({ code: 4003, byServer: true });
        expect(deaf.pings).toBeGreaterThanOrEqual(1);
        expect(left.get(godotId!)).toMatchObject({ code: 4000, reason: "done", byServer: false });
      });
    }
  });
}
