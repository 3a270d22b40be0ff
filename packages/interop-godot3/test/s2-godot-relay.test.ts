import { createWebSocketClient, utf8Decode, utf8Encode, type WebSocketClient } from "@wsmp/adapter-node";
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { freePort, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot, until } from "./godot.js";

/**
 * Scenario 2: a real Godot 3.2.3 server in multiplayer mode (listen(port, [], true)) and three
 * wsmp clients (Node, Godot 3 surface, gd_mp_api = true). Godot assigns the ids and relays;
 * the clients route among themselves through it (one peer, everyone, all but one) and see a
 * client leave.
 */

const RAW = 4;
const raw = (text: string): Uint8Array => {
  const body = utf8Encode(text);
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = RAW;
  out.set(body, 1);
  return out;
};

interface Seen {
  readonly client: WebSocketClient;
  readonly joined: number[];
  readonly left: number[];
  /** "sender text" for every RAW packet. */
  readonly packets: string[];
  failed: number;
}

const clients: WebSocketClient[] = [];

beforeAll(() => {
  requireGodot3();
});

beforeEach(() => resetGodotOutput());

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnectFromHost();
  killAllGodot();
});

function watch(client: WebSocketClient): Seen {
  clients.push(client);
  const seen: Seen = { client, joined: [], left: [], packets: [], failed: 0 };
  client.events.on("peer_connected", (id) => seen.joined.push(id));
  client.events.on("peer_disconnected", (id) => seen.left.push(id));
  client.events.on("connection_failed", () => seen.failed++);
  client.events.on("peer_packet", () => {
    const from = client.getPacketPeer();
    const packet = client.getPacket()!;
    if (packet[0] === RAW) seen.packets.push(`${from} ${utf8Decode(packet.subarray(1))}`);
  });
  return seen;
}

describe("Godot 3 server (gd_mp_api = true) with wsmp clients", () => {
  it("assigns ids, relays one / all / all-but-one among wsmp clients and announces a leave", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const godot = runGodot("s2_server.gd", { port });
    await godot.waitFor("READY");
    const [a, b, c] = [0, 1, 2].map(() => watch(createWebSocketClient()));
    for (const s of [a!, b!, c!]) expect(s.client.connectToUrl(`ws://127.0.0.1:${port}`, [], true)).toBe(0);
    const ids = await Promise.all([a!, b!, c!].map((s) => s.client.ready()));
    const [A, B, C] = ids as [number, number, number];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual([a!, b!, c!].map((s) => s.client.getUniqueId()));

    // Every client learns about the server and the two others from Godot's SYS_ADDs, then the greeting.
    for (const s of [a!, b!, c!]) {
      const others = ids.filter((id) => id !== s.client.getUniqueId());
      await until(() => [1, ...others].every((id) => s.joined.includes(id)) && s.packets.includes("1 welcome"), 5000, "joins and greeting");
    }

    const send = (to: number, text: string): void => {
      a!.client.setTargetPeer(to);
      expect(a!.client.putPacket(raw(`${text}:${A}`))).toBe(0);
    };
    send(B, "a2b");
    send(0, "a2all");
    send(-B, "a2notB");
    send(-1, "a2notServer");
    send(1, "a2server");
    send(0, "fence");
    await until(() => b!.packets.includes(`${A} fence:${A}`) && c!.packets.includes(`${A} fence:${A}`), 5000, "the fence");
    expect(b!.packets.slice(1)).toEqual([`${A} a2b:${A}`, `${A} a2all:${A}`, `${A} a2notServer:${A}`, `${A} fence:${A}`]);
    expect(c!.packets.slice(1)).toEqual([`${A} a2all:${A}`, `${A} a2notB:${A}`, `${A} a2notServer:${A}`, `${A} fence:${A}`]);
    expect(a!.packets.slice(1)).toEqual([]);

    c!.client.disconnectFromHost(1000, "");
    await until(() => a!.left.includes(C) && b!.left.includes(C), 5000, "the others to see C leave");
    expect(c!.failed).toBe(1);

    a!.client.setTargetPeer(1);
    a!.client.putPacket(raw(`finish:${A}`));
    const result = await godot.result;
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect([...(result["joined"] as number[])].sort()).toEqual([...ids].sort());
    expect(result["left"]).toEqual([C]);
    // Godot 3 keeps a server copy of a packet for "everyone but 1" (its to = -1 quirk): "a2notServer" is here.
    expect(result["packets"]).toEqual([`a2all:${A}`, `a2notB:${A}`, `a2notServer:${A}`, `a2server:${A}`, `fence:${A}`, `finish:${A}`]);
    expect(godot.engineErrors()).toEqual([]);
    expect(a!.left).not.toContain(B);
  });
});
