import type { WebSocketClient } from "@wsmp/core";
import { until } from "./wait.js";

/**
 * The wsmp side of scenario 2, written once for every runtime: three Godot 3 clients
 * (gd_mp_api = true) of a real Godot 3 server route among themselves through its relay, one
 * leaves, then the first asks the server to report. The Node test runs it in-process; the Bun
 * fixture runs it in a Bun child process and prints what it returns.
 */

const RAW = 4;

/** MultiplayerAPI RAW packet (`send_bytes`): command byte 4, then the bytes. */
export function rawPacket(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = RAW;
  out.set(body, 1);
  return out;
}

export interface ClientView {
  id: number;
  joined: number[];
  left: number[];
  /** "<sender> <text>" of every RAW packet, in arrival order. */
  packets: string[];
  connectionFailed: number;
}

export interface Scenario2Run {
  readonly views: ClientView[];
}

export async function runScenario2Clients(makeClient: () => WebSocketClient, port: number): Promise<Scenario2Run> {
  const clients = [0, 1, 2].map(() => makeClient());
  const views = clients.map((client): ClientView => {
    const view: ClientView = { id: 0, joined: [], left: [], packets: [], connectionFailed: 0 };
    client.events.on("peer_connected", (id) => view.joined.push(id));
    client.events.on("peer_disconnected", (id) => view.left.push(id));
    client.events.on("connection_failed", () => view.connectionFailed++);
    client.events.on("peer_packet", () => {
      const from = client.getPacketPeer();
      const packet = client.getPacket()!;
      if (packet[0] === RAW) view.packets.push(`${from} ${new TextDecoder().decode(packet.subarray(1))}`);
    });
    return view;
  });
  try {
    for (const client of clients) {
      const err = client.connectToUrl(`ws://127.0.0.1:${port}`, [], true);
      if (err !== 0) throw new Error(`connectToUrl returned ${err}`);
    }
    const ids = await Promise.all(clients.map((c) => c.ready()));
    ids.forEach((id, i) => (views[i]!.id = id));
    const [a, , c] = clients as [WebSocketClient, WebSocketClient, WebSocketClient];
    const [A, B, C] = ids as [number, number, number];
    for (const view of views) {
      const others = ids.filter((id) => id !== view.id);
      await until(() => [1, ...others].every((id) => view.joined.includes(id)) && view.packets.includes("1 welcome"), 5000, "joins and the greeting");
    }
    const send = (to: number, text: string): void => {
      a.setTargetPeer(to);
      const err = a.putPacket(rawPacket(`${text}:${A}`));
      if (err !== 0) throw new Error(`putPacket(${text}) returned ${err}`);
    };
    send(B, "a2b");
    send(0, "a2all");
    send(-B, "a2notB");
    send(-1, "a2notServer");
    send(1, "a2server");
    // Godot relays A's messages in order, so once the fence arrived everything before it has too.
    send(0, "fence");
    const fence = `${A} fence:${A}`;
    await until(() => views[1]!.packets.includes(fence) && views[2]!.packets.includes(fence), 5000, "the fence");
    c.disconnectFromHost(1000, "");
    await until(() => views[0]!.left.includes(C) && views[1]!.left.includes(C) && views[2]!.connectionFailed > 0, 5000, "C's leave");
    send(1, "finish");
    return { views };
  } finally {
    // The Godot server quits after "finish"; a short grace lets the last packet leave first.
    await new Promise((r) => setTimeout(r, 200));
    for (const client of clients) client.disconnectFromHost();
  }
}
