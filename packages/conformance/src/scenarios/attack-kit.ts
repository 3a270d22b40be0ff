import type { Socket } from "node:net";
import type { ScenarioContext, TestServer } from "../context.js";
import type { ClientStartOptions, ServerStartOptions } from "../harness.js";
import { type HonestOptions, startHonestPeers } from "../honest-peers.js";
import { check, sleep } from "../support.js";

/** What the attack scenarios share: raw upgrades and frames, and honest peers running beside an attack. */

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** Sends a WebSocket upgrade request on a fresh raw socket and resolves with the socket and the status line of the answer ("" when the server dropped it). */
export async function rawUpgrade(ctx: ScenarioContext, port: number, extra: readonly string[] = []): Promise<{ socket: Socket; status: string }> {
  const socket = await ctx.rawSocket(port);
  socket.write(["GET / HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 13", ...extra, "", ""].join("\r\n"));
  const status = await new Promise<string>((resolve) => {
    let text = "";
    const timer = setTimeout(() => resolve(text.split("\r\n")[0] ?? ""), 3000);
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n")) {
        clearTimeout(timer);
        resolve(text.split("\r\n")[0]!);
      }
    });
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(text.split("\r\n")[0] ?? "");
    });
  });
  return { socket, status };
}

/** A masked client frame with `opcode` and `payload`. */
export function frame(opcode: number, payload: Uint8Array): Buffer {
  const mask = [7, 1, 9, 3];
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, ...mask]), Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))]);
}

/** Honest clients to start beside an attack, and whether they also talk to each other through the relay. */
export interface HonestSetup extends HonestOptions {
  readonly client?: ClientStartOptions;
}

/**
 * Starts a server with two honest clients exchanging sequenced packets (`startHonestPeers`), runs
 * `attack`, then checks every honest stream is complete and in order and both are still connected.
 */
export async function withHonestPeers(
  ctx: ScenarioContext,
  options: ServerStartOptions,
  attack: (server: TestServer) => Promise<void>,
  honestSetup: HonestSetup = {},
): Promise<{ server: TestServer; foreign: number }> {
  const server = await ctx.startServer(options);
  const honest = await ctx.connectClients(server, 2, honestSetup.client);
  const traffic = startHonestPeers(server, honest, 25, honestSetup);
  await attack(server);
  await sleep(100);
  const { foreign } = await traffic.stop();
  const peers = await server.handle.peers();
  check(honest.every((c) => peers.includes(c.id)), `the honest peers must still be connected, peers are ${peers.join(",")}`);
  return { server, foreign };
}

/** A raw WebSocket client that reads the server's frames: its id, pings (answered while `answering`), and the close code. */
export interface RawPeer {
  readonly socket: Socket;
  /** The Godot 4 id message (0 until it arrives, or when the server speaks another protocol). */
  readonly id: number;
  /** Pings received, and how many were answered. */
  readonly pings: number;
  readonly pongs: number;
  /** Answer pings with a pong. */
  answering: boolean;
  /** The code of the server's close frame, -1 until one arrives. */
  readonly closeCode: number;
}

/** A raw WebSocket peer on a fresh socket the scenario cleans up. */
export async function rawPeer(ctx: ScenarioContext, port: number, answering: boolean): Promise<RawPeer> {
  return rawWebSocketPeer(await ctx.rawSocket(port), answering);
}

/**
 * Upgrades a connected raw TCP socket and follows the server's frames (unmasked; only short
 * control frames and a Godot 4 id are read). Resolves once the id arrived, or with `waitForId`
 * false once the upgrade is answered (Godot 3 servers, raw mode). A test
 * tool for what Godot and the runtimes' clients do by themselves: answer pings, or (with
 * `answering` false) not, like a peer that hangs.
 */
export async function rawWebSocketPeer(socket: Socket, answering: boolean, options: { readonly waitForId?: boolean } = {}): Promise<RawPeer> {
  const waitForId = options.waitForId ?? true;
  const peer = { socket, id: 0, pings: 0, pongs: 0, answering, closeCode: -1 };
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  const ready = new Promise<void>((resolve, reject) => {
    socket.once("close", () => reject(new Error("the server closed the raw peer before its id arrived")));
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        if (buffer.toString("latin1", 0, 12) !== "HTTP/1.1 101") {
          reject(new Error(`the raw peer's upgrade failed: ${buffer.toString("latin1", 0, 40)}`));
          return;
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        if (!waitForId) resolve();
      }
      while (buffer.length >= 2 && buffer[1]! < 126 && buffer.length >= 2 + buffer[1]!) {
        const opcode = buffer[0]! & 0x0f;
        const payload = buffer.subarray(2, 2 + buffer[1]!);
        buffer = buffer.subarray(2 + buffer[1]!);
        if (opcode === 0x2 && peer.id === 0 && payload.length === 4) {
          peer.id = payload.readInt32LE(0);
          resolve();
        } else if (opcode === 0x9) {
          peer.pings++;
          if (peer.answering) {
            socket.write(frame(0xa, payload));
            peer.pongs++;
          }
        } else if (opcode === 0x8) peer.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      }
    });
  });
  socket.write(["GET / HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${KEY}`, "Sec-WebSocket-Version: 13", "", ""].join("\r\n"));
  await ready;
  return peer;
}
