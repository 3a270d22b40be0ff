import { describe, expect, it } from "vitest";
import { GodotError } from "../shared/constants.js";
import { InvalidArgumentError, InvalidStateError } from "../shared/errors.js";
import type { RpcErrorEvent } from "../dialects/rpc/rpc-registry.js";
import { createScriptedRandom, ManualClock, MemoryNetwork } from "../testing/index.js";
import { WebSocketClient } from "./websocket-client.js";
import { WebSocketServer } from "./websocket-server.js";

/** `node()` straight on Godot 3's classes: RPCs and rset between a WebSocketServer and a WebSocketClient. */

const WORLD = {
  rpc: {
    hello: { mode: "remote", args: ["String"] },
    welcome: { mode: "puppet", args: ["int", "String"] },
  },
  rset: { hp: { mode: "remote", type: "int" } },
} as const;

/** The client's World has one method more, which the server does not declare. */
const CLIENT_WORLD = { ...WORLD, rpc: { ...WORLD.rpc, extra: { mode: "remote" } } } as const;

function world() {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const runtime = clock.runtime(createScriptedRandom([11, 22, 33]));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20 && (net.flush() > 0 || i < 3); i++) await Promise.resolve();
  };
  return { settle, server: new WebSocketServer(() => net.serverTransport(), runtime), client: new WebSocketClient(() => net.clientTransport(), runtime) };
}

describe("node() on Godot 3's WebSocketServer and WebSocketClient", () => {
  it("needs a connection in multiplayer mode (gdMpApi), not before it and not in raw mode", async () => {
    const { server, client } = world();
    expect(() => server.node("Game/World", WORLD)).toThrow(InvalidStateError);
    expect(() => client.node("Game/World", WORLD)).toThrow(/listen\(port, protocols, true\) or connectToUrl\(url, protocols, true\)/);
    expect(server.listen(9000)).toBe(GodotError.OK);
    expect(() => server.node("Game/World", WORLD)).toThrow(InvalidStateError);
    await server.stop();
    expect(client.connectToUrl("ws://127.0.0.1:9000")).toBe(GodotError.OK);
    expect(() => client.node("Game/World", WORLD)).toThrow(InvalidStateError);
  });

  it("calls, answers and sets between the two classes; refusals are the rpc_error event; a new listen starts without nodes", async () => {
    const w = world();
    const { server, client } = w;
    expect(server.listen(9000, [], true)).toBe(GodotError.OK);
    await server.ready();
    const serverWorld = server.node("Game/World", WORLD);
    expect(() => server.node("Game/World", WORLD)).toThrow(InvalidArgumentError);
    const serverErrors: RpcErrorEvent[] = [];
    server.events.on("rpc_error", (e) => serverErrors.push(e));
    const seen: string[] = [];
    serverWorld.on("hello", (from, who) => {
      seen.push(`hello ${from} ${who}`);
      serverWorld.rpcId(from, "welcome", from, `hi ${who}`);
    });
    serverWorld.onSet("hp", (from, hp) => seen.push(`hp ${from} ${hp}`));

    expect(client.connectToUrl("ws://127.0.0.1:9000", [], true)).toBe(GodotError.OK);
    const clientWorld = client.node("Game/World", CLIENT_WORLD);
    clientWorld.on("welcome", (from, id, text) => seen.push(`welcome ${from} ${id} ${text}`));
    expect(() => clientWorld.rpcId(1, "hello", "early")).toThrow(InvalidStateError); // no id yet
    await w.settle();
    const id = client.getUniqueId();
    expect(id).toBe(11);

    clientWorld.rpcId(1, "hello", "ts");
    clientWorld.rsetId(1, "hp", 5);
    clientWorld.rpcId(1, "extra");
    await w.settle();
    expect(seen).toEqual([`hello ${id} ts`, `hp ${id} 5`, `welcome 1 ${id} hi ts`]);
    expect(serverErrors.map((e) => [e.code, e.from, e.path, e.method])).toEqual([["WSMP_ERR_RPC_UNKNOWN_METHOD", id, "Game/World", "extra"]]);
    expect(server.multiplayer?.peers).toEqual([id]);

    // A new listen is a new connection: the old handle cannot send, the path can be declared again.
    await server.stop();
    expect(() => serverWorld.rpc("welcome", 1, "x")).toThrow(InvalidStateError);
    expect(server.listen(9000, [], true)).toBe(GodotError.OK);
    const again = server.node("Game/World", WORLD);
    expect(again.path).toBe("Game/World");
    await server.stop();
  });
});
