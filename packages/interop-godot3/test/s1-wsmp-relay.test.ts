import { createWebSocketServer, type WebSocketServer } from "@wsmp/adapter-node";
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { type GodotResult, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot, until } from "./godot.js";

/**
 * Scenario 1: a wsmp server speaking Godot 3's multiplayer protocol (listen(port, [], true))
 * relays between three real Godot 3.2.3 clients that use the engine's high-level multiplayer:
 * rpc(), rpc_id(), rpc_unreliable(), send_bytes() to the server, and a client leaving.
 */

/** MultiplayerAPI RAW packet (`send_bytes`): command byte 4, then the bytes. */
const RAW = 4;
const raw = (message: object): Uint8Array => {
  const body = new TextEncoder().encode(JSON.stringify(message));
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = RAW;
  out.set(body, 1);
  return out;
};

let server: WebSocketServer | undefined;

beforeAll(() => {
  requireGodot3();
});

beforeEach(() => resetGodotOutput());

afterEach(async () => {
  await killAllGodot();
  await server?.stop();
  server = undefined;
});

describe("wsmp godot3 server with three Godot 3 clients", () => {
  it("relays rpc / rpc_id / rpc_unreliable, receives send_bytes for peer 1, and announces a leave", async () => {
    onTestFailed(() => console.error(godotOutput()));
    server = createWebSocketServer();
    server.bindIp = "127.0.0.1";
    const joined: number[] = [];
    const left: number[] = [];
    const rawFrom = new Map<number, object[]>();
    server.events.on("peer_connected", (id) => joined.push(id));
    server.events.on("peer_disconnected", (id) => left.push(id));
    server.events.on("peer_packet", () => {
      const from = server!.getPacketPeer();
      const packet = server!.getPacket()!;
      if (packet[0] !== RAW) return; // RPC and path-cache packets addressed to everyone also reach peer 1
      const list = rawFrom.get(from) ?? [];
      list.push(JSON.parse(new TextDecoder().decode(packet.subarray(1))) as object);
      rawFrom.set(from, list);
    });
    expect(server.listen(0, [], true)).toBe(0);
    const { port } = await server.ready();

    const godots = [0, 1, 2].map(() => runGodot("s1_client.gd", { port }));
    await until(() => joined.length === 3, 10_000, "three Godot clients to join");
    const ids = [...joined];

    const send = (to: number, message: object): void => {
      server!.setTargetPeer(to);
      expect(server!.putPacket(raw(message))).toBe(0);
    };
    for (const id of ids) send(id, { cmd: "go", ids });
    await until(() => ids.every((id) => (rawFrom.get(id) ?? []).some((m) => "done" in m)), 10_000, "every client to report done");

    const leaver = ids[0]!;
    send(leaver, { cmd: "leave" });
    const results = await Promise.all(godots.map((g) => g.result));
    await until(() => left.includes(leaver), 5000, "the server to see the leave");

    for (const godot of godots) expect(godot.engineErrors()).toEqual([]);
    const byId = new Map<number, GodotResult>(results.map((r) => [r["id"] as number, r]));
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    const sorted = [...ids].sort((a, b) => a - b);
    for (const id of ids) {
      const r = byId.get(id)!;
      expect(r.errors).toEqual([]);
      expect(r.ok).toBe(true);
      const others = ids.filter((o) => o !== id);
      // Every client saw the server and both others join.
      expect(r["connected"]).toEqual(expect.arrayContaining([1, ...others]));
      // rpc() reached both others, rpc_unreliable() too, rpc_id() only its target.
      expect([...(r["all"] as number[])].sort()).toEqual([...others].sort());
      expect([...(r["unreliable"] as number[])].sort()).toEqual([...others].sort());
      const previous = sorted[(sorted.indexOf(id) + sorted.length - 1) % sorted.length]!;
      expect(r["one"]).toEqual([previous]);
      // send_bytes(..., 1) reached the wsmp server with the right sender.
      expect(rawFrom.get(id)).toEqual(expect.arrayContaining([{ hello: id }]));
      // The clients that stayed saw the leaver go (SYS_DEL); the leaver saw nothing leave.
      expect(r["disconnected"]).toEqual(id === leaver ? [] : [leaver]);
    }
  });
});
