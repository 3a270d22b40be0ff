import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import { GodotError } from "../../shared/constants.js";
import type { ClientDialectFactory } from "../../engine/dialect-contract.js";
import { createGodot4Client } from "../godot4-dialect.js";
import { InvalidStateError } from "../../shared/errors.js";
import { createMemoryPeers, type MemoryPeers } from "../../testing/index.js";
import { encodeAddPeer, encodeDelPeer, encodeRaw, encodeRelay, SceneCommand } from "./scene-codec.js";
import type { SceneServerOptions } from "./scene-options.js";
import { createSceneServer } from "./scene-server-dialect.js";

/** A wsmp scene server and plain godot4 clients, which see every scene packet as raw bytes (what a Godot client gets). */
interface Wire {
  readonly peers: MemoryPeers;
  readonly clients: MultiplayerClient[];
  /** Hex of every packet each client received, by client id. */
  readonly wire: Map<number, string[]>;
  /** Server events, in order, as short strings. */
  readonly log: string[];
  join(): Promise<MultiplayerClient>;
  id(i: number): number;
  hex(id: number): string;
}

/** A godot4 client that puts any bytes on the wire, even an empty message (to play a broken peer). */
const wireClient: ClientDialectFactory = (ctx) => ({ ...createGodot4Client(ctx), put: (_target, data) => ctx.send(data) });

function le(id: number): string {
  return toHex(encodeAddPeer(id)).slice(6);
}

async function setup(scene: true | SceneServerOptions = true, count = 3): Promise<Wire> {
  const peers = await createMemoryPeers({ dialect: createSceneServer(scene) });
  const wire = new Map<number, string[]>();
  const log: string[] = [];
  const server = peers.server;
  server.on("peer_connected", (id) => log.push(`connected ${id}`));
  server.on("peer_disconnected", (id) => log.push(`disconnected ${id}`));
  server.on("packet_dropped", (info) => log.push(`dropped ${info.peer} ${info.code}`));
  server.on("protocol_error", (info) => log.push(`protocol_error ${info.peer} ${info.closeCode}`));
  server.on("peer_packet", (from, data) => log.push(`peer_packet ${from} ${toHex(data!)}`));
  server.on("scene_packet", (p) => log.push(`scene_packet ${p.from} ${p.commandName} ${p.relayed} ${toHex(p.data)}`));
  const clients: MultiplayerClient[] = [];
  const join = async (): Promise<MultiplayerClient> => {
    const [client] = await peers.connectClients(1, { dialect: wireClient });
    const list: string[] = [];
    wire.set(client!.getUniqueId(), list);
    client!.on("packet", (p) => list.push(toHex(p.data as Uint8Array)));
    clients.push(client!);
    return client!;
  };
  for (let i = 0; i < count; i++) await join();
  await peers.settle();
  return { peers, clients, wire, log, join, id: (i) => clients[i]!.getUniqueId(), hex: le };
}

function clearWire(w: Wire): void {
  for (const list of w.wire.values()) list.length = 0;
  w.log.length = 0;
}

describe("scene server: admission and leave announcements", () => {
  it("announces every join both ways, in admission order", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    expect(w.wire.get(a)).toEqual([toHex(encodeAddPeer(b)), toHex(encodeAddPeer(c))]);
    expect(w.wire.get(b)).toEqual([toHex(encodeAddPeer(a)), toHex(encodeAddPeer(c))]);
    expect(w.wire.get(c)).toEqual([toHex(encodeAddPeer(a)), toHex(encodeAddPeer(b))]);
    expect(w.log).toEqual([`connected ${a}`, `connected ${b}`, `connected ${c}`]);
    expect(w.peers.server.peers).toEqual([a, b, c]);
  });

  it("sends the newcomer's ADD before anything the newcomer relays", async () => {
    const w = await setup(true, 1);
    const a = w.id(0);
    const d = await w.join();
    d.send(encodeRelay(a, encodeRaw(fromHex("AB"))));
    await w.peers.settle();
    expect(w.wire.get(a)).toEqual([toHex(encodeAddPeer(d.getUniqueId())), `07 03 ${w.hex(d.getUniqueId())} 03 AB`]);
  });

  it("announces a leave to the remaining peers only (remote close, disconnectPeer, forced drop)", async () => {
    const w = await setup(true, 4);
    const [a, b, c, d] = [w.id(0), w.id(1), w.id(2), w.id(3)];
    clearWire(w);
    w.clients[1]!.disconnect();
    await w.peers.settle();
    expect(w.wire.get(a)).toEqual([toHex(encodeDelPeer(b))]);
    expect(w.wire.get(c)).toEqual([toHex(encodeDelPeer(b))]);
    expect(w.wire.get(b)).toEqual([]);
    expect(w.log).toEqual([`disconnected ${b}`]);
    w.peers.server.disconnectPeer(c);
    w.peers.server.disconnectPeer(d, true);
    await w.peers.settle();
    expect(w.wire.get(a)).toEqual([toHex(encodeDelPeer(b)), toHex(encodeDelPeer(c)), toHex(encodeDelPeer(d))]);
    expect(w.log).toEqual([`disconnected ${b}`, `disconnected ${c}`]); // a forced drop fires no event, as Godot
    expect(w.peers.server.peers).toEqual([a]);
  });
});

describe("scene server: relay (spec 5.4)", () => {
  it("forwards to one peer with the real source, unseen by the server and the others", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    clearWire(w);
    // Spec 5.11: A sends send_bytes("hi") to B.
    w.clients[0]!.send(fromHex(`07 03 ${w.hex(b)} 03 68 69`));
    await w.peers.settle();
    expect(w.wire.get(b)).toEqual([`07 03 ${w.hex(a)} 03 68 69`]);
    expect(w.wire.get(a)).toEqual([]);
    expect(w.wire.get(c)).toEqual([]);
    expect(w.log).toEqual([]);
  });

  it("broadcasts (dest 0) to everyone but the sender, and the server takes the inner packet", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    clearWire(w);
    w.clients[0]!.send(encodeRelay(0, fromHex("03 01 02")));
    await w.peers.settle();
    expect(w.wire.get(b)).toEqual([`07 03 ${w.hex(a)} 03 01 02`]);
    expect(w.wire.get(c)).toEqual([`07 03 ${w.hex(a)} 03 01 02`]);
    expect(w.wire.get(a)).toEqual([]);
    expect(w.log).toEqual([`peer_packet ${a} 01 02`]);
  });

  it("sends to all but -dest (and the sender); the server takes it too", async () => {
    const w = await setup(true, 4);
    const [a, b, c, d] = [w.id(0), w.id(1), w.id(2), w.id(3)];
    clearWire(w);
    w.clients[0]!.send(encodeRelay(-c, fromHex("03 EE")));
    await w.peers.settle();
    expect(w.wire.get(b)).toEqual([`07 03 ${w.hex(a)} 03 EE`]);
    expect(w.wire.get(d)).toEqual([`07 03 ${w.hex(a)} 03 EE`]);
    expect(w.wire.get(c)).toEqual([]);
    expect(w.wire.get(a)).toEqual([]);
    expect(w.log).toEqual([`peer_packet ${a} EE`]);
  });

  it("dest -1 goes to every other client but not to the server", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    clearWire(w);
    w.clients[0]!.send(encodeRelay(-1, fromHex("03 55")));
    await w.peers.settle();
    expect(w.wire.get(b)).toEqual([`07 03 ${w.hex(a)} 03 55`]);
    expect(w.wire.get(c)).toEqual([`07 03 ${w.hex(a)} 03 55`]);
    expect(w.wire.get(a)).toEqual([]);
    expect(w.log).toEqual([]);
  });

  it("drops, with packet_dropped, a relay to a peer that just left, to 1 and to an unknown id", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    w.clients[1]!.disconnect();
    await w.peers.settle();
    clearWire(w);
    // A has not processed DEL_PEER yet in a real race; here it simply sends after B left.
    w.clients[0]!.send(encodeRelay(b, fromHex("03 01")));
    w.clients[0]!.send(encodeRelay(1, fromHex("03 02")));
    w.clients[0]!.send(encodeRelay(424242, fromHex("03 03")));
    await w.peers.settle();
    expect(w.log).toEqual([`dropped ${a} WSMP_ERR_UNKNOWN_PEER`, `dropped ${a} WSMP_ERR_UNKNOWN_PEER`, `dropped ${a} WSMP_ERR_UNKNOWN_PEER`]);
    expect(w.wire.get(c)).toEqual([]);
    expect(w.peers.server.peers).toEqual([a, c]);
  });

  it("surfaces uninterpreted packets for the server as scene_packet, direct or relayed", async () => {
    const w = await setup();
    const [a, b] = [w.id(0), w.id(1)];
    clearWire(w);
    w.clients[0]!.send(fromHex("00 01 00 01 02 2A")); // rpc_id(1, "foo", 42)
    w.clients[0]!.send(fromHex("02 01 01 00 00 00")); // CONFIRM_PATH
    w.clients[1]!.send(encodeRelay(0, fromHex("16 01 00 00 00"))); // delta SYNC to everyone
    await w.peers.settle();
    expect(w.log).toEqual([
      `scene_packet ${a} remote_call false 00 01 00 01 02 2A`,
      `scene_packet ${a} confirm_path false 02 01 01 00 00 00`,
      `scene_packet ${b} sync true 16 01 00 00 00`,
    ]);
    expect(w.wire.get(a)).toEqual([`07 03 ${w.hex(b)} 16 01 00 00 00`]);
  });

  it("ignores a late AUTH completion and drops AUTH data from an admitted peer", async () => {
    const w = await setup(true, 2);
    const a = w.id(0);
    clearWire(w);
    w.clients[0]!.send(fromHex("07 00"));
    w.clients[0]!.send(fromHex("07 00 01 02"));
    await w.peers.settle();
    expect(w.log).toEqual([`dropped ${a} WSMP_ERR_PROTOCOL`]);
    expect(w.peers.server.peers).toContain(a);
  });
});

describe("scene server: malformed SYS packets", () => {
  const cases: [string, (w: Wire) => string][] = [
    ["an empty message", () => ""],
    ["a 1-byte SYS packet", () => "07"],
    ["a SYS packet shorter than its header", () => "07 03 05 00"],
    ["an unknown SYS sub-command", () => "07 09 00 00 00 00"],
    ["a relay with an empty inner packet", (w) => `07 03 ${w.hex(w.id(1))}`],
    ["a relay of a SYS packet", (w) => `07 03 ${w.hex(w.id(1))} 07 01 ${w.hex(w.id(2))}`],
    ["a relay of a data-less RAW packet", () => "07 03 00 00 00 00 03"],
    ["ADD_PEER from a client", (w) => `07 01 ${w.hex(w.id(1))}`],
    ["DEL_PEER from a client", (w) => `07 02 ${w.hex(w.id(1))}`],
    ["a RAW packet without data", () => "03"],
  ];
  it.each(cases)("closes the sender with 1002 on %s; others only see its DEL_PEER", async (_name, bytes) => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    clearWire(w);
    w.clients[0]!.send(fromHex(bytes(w)));
    await w.peers.settle();
    expect(w.log).toEqual([`protocol_error ${a} 1002`, `disconnected ${a}`]);
    expect(w.wire.get(b)).toEqual([toHex(encodeDelPeer(a))]);
    expect(w.wire.get(c)).toEqual([toHex(encodeDelPeer(a))]);
    expect(w.clients[0]!.getCloseCode()).toBe(1002);
  });
});

describe("scene server: relay policies", () => {
  it('"server-only" announces nothing and forwards nothing, but still takes broadcasts itself', async () => {
    const w = await setup({ relay: "server-only" });
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    expect([...w.wire.values()].flat()).toEqual([]);
    w.log.length = 0;
    w.clients[0]!.send(encodeRelay(b, fromHex("03 01")));
    w.clients[0]!.send(encodeRelay(0, fromHex("03 02")));
    w.clients[0]!.send(encodeRelay(-c, fromHex("03 03")));
    w.clients[0]!.send(encodeRelay(-1, fromHex("03 04")));
    w.clients[2]!.disconnect();
    await w.peers.settle();
    expect([...w.wire.values()].flat()).toEqual([]);
    expect(w.log).toEqual([`dropped ${a} WSMP_ERR_UNKNOWN_PEER`, `peer_packet ${a} 02`, `peer_packet ${a} 03`, `disconnected ${c}`]);
  });

  it("a filter sees (source, destination, command) and decides each forward; joins are announced", async () => {
    const calls: string[] = [];
    let blocked = [0, 0];
    const w = await setup({
      relay: (source, destination, command) => {
        calls.push(`${source}>${destination}:${command}`);
        return !(source === blocked[0] && destination === blocked[1]);
      },
    });
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    expect(w.wire.get(a)).toEqual([toHex(encodeAddPeer(b)), toHex(encodeAddPeer(c))]);
    blocked = [a, c];
    clearWire(w);
    w.clients[0]!.send(encodeRelay(0, fromHex("03 01")));
    w.clients[0]!.send(encodeRelay(c, fromHex("00 01 00 01 02 2A")));
    w.clients[0]!.send(encodeRelay(b, fromHex("00 01 00 01 02 2A")));
    await w.peers.settle();
    expect(calls).toEqual([`${a}>${b}:3`, `${a}>${c}:3`, `${a}>${c}:${SceneCommand.REMOTE_CALL}`, `${a}>${b}:0`]);
    expect(w.wire.get(b)).toEqual([`07 03 ${w.hex(a)} 03 01`, `07 03 ${w.hex(a)} 00 01 00 01 02 2A`]);
    expect(w.wire.get(c)).toEqual([]);
    expect(w.log).toEqual([`peer_packet ${a} 01`, `dropped ${a} WSMP_ERR_UNKNOWN_PEER`]);
  });

  it("treats a throwing filter as a refusal", async () => {
    const w = await setup({
      relay: () => {
        throw new Error("nope");
      },
    });
    const [a, b] = [w.id(0), w.id(1)];
    const reasons: string[] = [];
    w.peers.server.on("packet_dropped", (info) => reasons.push(info.reason));
    w.clients[0]!.send(encodeRelay(b, fromHex("03 01")));
    await w.peers.settle();
    expect(reasons).toEqual(["the relay filter threw: nope"]);
    expect(w.peers.server.peers).toContain(a);
  });
});

describe("scene server: sendBytes and raw packets", () => {
  it("sends 03 <bytes> to one, all, or all but one", async () => {
    const w = await setup();
    const [a, b, c] = [w.id(0), w.id(1), w.id(2)];
    clearWire(w);
    const server = w.peers.server;
    expect(server.sendBytes(fromHex("01"), b)).toBe(GodotError.OK);
    expect(server.sendBytes(fromHex("02"))).toBe(GodotError.OK);
    expect(server.sendBytes(fromHex("03"), -a)).toBe(GodotError.OK);
    expect(server.sendBytes("hi", c)).toBe(GodotError.OK);
    await w.peers.settle();
    expect(w.wire.get(a)).toEqual(["03 02"]);
    expect(w.wire.get(b)).toEqual(["03 01", "03 02", "03 03"]);
    expect(w.wire.get(c)).toEqual(["03 02", "03 03", "03 68 69"]);
  });

  it("returns Godot's errors for empty data, unknown peers and peer 1", async () => {
    const w = await setup(true, 1);
    const server = w.peers.server;
    expect(server.sendBytes(new Uint8Array(0), 0)).toBe(GodotError.ERR_INVALID_DATA);
    expect(server.sendBytes(fromHex("01"), 999)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.sendBytes(fromHex("01"), 1)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.getAuthenticatingPeers()).toEqual([]);
  });

  it("throws InvalidStateError for scene methods on a server without the scene option", async () => {
    const peers = await createMemoryPeers();
    expect(() => peers.server.sendBytes(fromHex("01"))).toThrow(InvalidStateError);
    expect(() => peers.server.completeAuth(5)).toThrow(/scene option/);
  });

  it("routes putPacket among admitted peers, unchanged", async () => {
    const w = await setup(true, 2);
    const [a, b] = [w.id(0), w.id(1)];
    clearWire(w);
    w.peers.server.send(-a, fromHex("02 01 01 00 00 00"));
    await w.peers.settle();
    expect(w.wire.get(b)).toEqual(["02 01 01 00 00 00"]);
    expect(w.wire.get(a)).toEqual([]);
  });
});
