import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { createClient, createServer, createWebSocketClient, type RpcErrorEvent, type RpcNode } from "@wsmp/adapter-node";
import type { GodotValue } from "@wsmp/core/variant";
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from "vitest";
// The Bun child-process runner of @wsmp/interop-godot4's RPC tests.
import { killBunGameServers, startBunGameServer } from "../../interop-godot4/test/bun-game-server.js";
import { freePort, godotOutput, killAllGodot, requireGodot3, resetGodotOutput, runGodot, until } from "./godot.js";
import { type Game3Line, serveWorld3, values, WORLD3 } from "./rpc3-game.js";

/**
 * Godot 3.2.3's MultiplayerAPI against wsmp's Godot 3 RPC layer, both ways: a Godot client calls
 * rpc_id(1, ...) and rset_id on a wsmp server (Node, and Bun in a child process), which answers
 * with RPCs; a wsmp client (createClient, and Godot 3's WebSocketClient class) does the same on a
 * Godot server. Eighteen argument values of many types arrive equal on both sides.
 */
requireGodot3();

const BUN_SERVER = fileURLToPath(new URL("./fixtures/bun-rpc3-server.ts", import.meta.url));

/** A wsmp game server (serveWorld3) as the test sees it. */
interface GameServer {
  readonly port: number;
  readonly lines: Game3Line[];
  close(): Promise<void>;
}

beforeEach(() => resetGodotOutput());
afterEach(async () => {
  await killAllGodot();
  killBunGameServers();
});

async function nodeServer(): Promise<GameServer> {
  const server = createServer(0, "127.0.0.1", undefined, { dialect: "godot3" });
  const lines: Game3Line[] = [];
  serveWorld3(server, (line) => lines.push(line));
  const { port } = await server.listen();
  return { port, lines, close: () => server.close() };
}

async function bunServer(): Promise<GameServer> {
  const server = await startBunGameServer<Game3Line>(BUN_SERVER);
  onTestFailed(() => console.error(`--- Bun server:\n${server.output()}`));
  return server;
}

describe("Godot 3 RPCs with wsmp", () => {
  it.each([
    ["Node", nodeServer],
    ["Bun (Bun.serve, @wsmp/adapter-bun, in a child process)", bunServer],
  ] as const)("a Godot 3 client calls rpc_id(1, ...) and rset_id on a wsmp server on %s, which answers with RPCs", async (_runtime, start) => {
    onTestFailed(() => console.error(godotOutput()));
    const server = await start();
    try {
      const godot = runGodot("rpc3_client.gd", { port: server.port });
      const result = await godot.result;
      await until(() => server.lines.length >= 3, 3000, "the rset");
      expect(result).toMatchObject({ ok: true, welcome: "hi godot3", echo_ok: true });
      expect(godot.engineErrors()).toEqual([]);
      const id = result["id"] as number;
      expect(server.lines).toEqual([{ hello: "godot3", from: id }, { valuesEqual: true, count: 18 }, { hp: 5, from: id }]);
    } finally {
      await server.close();
    }
  });

  /** A wsmp client in a Godot 3 game, as the test drives it. */
  interface GameClient {
    node(): RpcNode<{ hello: [string]; values: GodotValue[]; welcome: [number, string]; echo: GodotValue[]; chat: [string] }, { hp: number }>;
    onRpcError(listener: (e: RpcErrorEvent) => void): void;
    connect(): Promise<number>;
    disconnect(): void;
  }

  const clients: [string, (url: string) => GameClient][] = [
    [
      "createClient",
      (url) => {
        const client = createClient(url, undefined, { dialect: "godot3" });
        return { node: () => client.node("Game/World", WORLD3), onRpcError: (l) => client.on("rpc_error", l), connect: () => client.connect(), disconnect: () => client.disconnect() };
      },
    ],
    [
      "Godot 3's WebSocketClient class",
      (url) => {
        const client = createWebSocketClient();
        expect(client.connectToUrl(url, [], true)).toBe(0);
        return { node: () => client.node("Game/World", WORLD3), onRpcError: (l) => client.events.on("rpc_error", l), connect: () => client.ready(), disconnect: () => client.disconnectFromHost() };
      },
    ],
  ];

  it.each(clients)("a wsmp client (%s) calls RPCs and rset on a Godot 3 server and gets its RPCs", async (_kind, create) => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const godot = runGodot("rpc3_server.gd", { port });
    await godot.waitFor("LISTENING");
    const client = create(`ws://127.0.0.1:${port}`);
    const world = client.node();
    const welcome: string[] = [];
    let echoed: GodotValue[] | undefined;
    const errors: RpcErrorEvent[] = [];
    client.onRpcError((e) => errors.push(e));
    world.on("welcome", (from, id, text) => welcome.push(`${from} ${String(id)} ${text}`));
    world.on("echo", (_from, ...args) => (echoed = args));
    const id = await client.connect();
    world.rpcId(1, "hello", "typescript");
    world.rpcId(1, "values", ...values());
    world.rsetId(1, "hp", 7);
    await until(() => welcome.length === 1 && echoed !== undefined, 5000, "welcome and echo");
    await godot.waitFor("SET hp");
    client.disconnect();
    const result = await godot.result;
    expect(result.ok).toBe(true);
    expect(godot.engineErrors()).toEqual([]);
    expect(godot.output).toContain(`CALL hello from=${id} args=[ "typescript" ]`);
    expect(godot.output).toContain("VALUES OK");
    expect(godot.output).toContain(`SET hp from=${id} args=[ 7 ]`);
    expect(welcome).toEqual([`1 ${id} hello ts`]);
    expect(isDeepStrictEqual(echoed, values())).toBe(true);
    expect(errors).toEqual([]);
  });
});
