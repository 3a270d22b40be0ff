import { fileURLToPath } from "node:url";
import { createServer } from "@wsmp/adapter-node";
import { afterEach, describe, expect, it, onTestFailed } from "vitest";
import { killBunGameServers, startBunGameServer } from "./bun-game-server.js";
import { findGodot4, godot4Absence, startGodot4Script, type Godot4Process } from "./godot4.js";
import { type GameLine, recordingScene, serveGame } from "./rpc-game.js";

/**
 * A Godot 4 game client (godot/rpc/rpc_client.gd) against a wsmp game server, on Node and on
 * Bun: it calls hello and values (twenty values of many types) with rpc_id(1, ...); the server
 * answers welcome and echo (the same values) with RPCs, and Godot checks them; then Godot moves
 * three times, by which time the server has confirmed World and Godot uses compact node ids.
 */
const RPC_DIR = fileURLToPath(new URL("../godot/rpc", import.meta.url));
const BUN_SERVER = fileURLToPath(new URL("./fixtures/bun-rpc-server.ts", import.meta.url));
const godot4 = await findGodot4();
console.log(godot4 ? `godot4 RPC server tests: ran (binary ${godot4})` : `godot4 RPC server tests: NOT RUN (${godot4Absence})`);

let godot: Godot4Process | undefined;
afterEach(async () => {
  await godot?.kill();
  godot = undefined;
  killBunGameServers();
});

/** Runs rpc_client.gd against the server on `port` until it quits. */
async function runClient(binary: string, port: number): Promise<Godot4Process> {
  godot = startGodot4Script({ binary, projectFiles: RPC_DIR, script: "rpc_client.gd", args: [`url=ws://127.0.0.1:${port}`], timeoutMs: 20_000 });
  const run = godot;
  onTestFailed(() => console.error(run.output.join("\n")));
  await run.exited;
  return run;
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectGame(lines: readonly GameLine[], run: Godot4Process): void {
  expect(run.engineErrors()).toEqual([]);
  const id = Number(run.output.find((l) => l.startsWith("CONNECTED "))?.slice(10));
  expect(run.output).toContain(`CALL welcome from=1 args=[${id}, "hi godot"]`);
  expect(run.output).toContain("ECHO OK");
  expect(run.output).toContain("DONE");
  expect(lines.filter((l) => "rpcError" in l)).toEqual([]);
  expect(lines).toContainEqual({ hello: "godot", from: id });
  expect(lines).toContainEqual({ valuesEqual: true, count: 20 });
  expect(lines.filter((l) => "move" in l)).toEqual([{ move: [0, 10] }, { move: [1, 10] }, { move: [2, 10] }]);
  const inbound = lines.flatMap((l) => ("inbound" in l ? [l.inbound] : []));
  // SIMPLIFY_PATH for Game/World with world.gd's checksum, then the path form; after the server's
  // CONFIRM_PATH the moves use the 1-byte cache id: meta 00, node #1, method 2 (move), 1 argument.
  expect(inbound[0]).toMatch(/^01[0-9a-f]{64}00[0-9a-f]{8}47616d652f576f726c6400$/);
  expect(inbound[1]!.slice(0, 2)).toBe("20");
  expect(inbound[1]!.slice(8, 10)).toBe("80");
  const moves = inbound.filter((hex) => hex.startsWith("00") && hex.slice(4, 6) === "02");
  expect(moves.map((hex) => hex.slice(0, 8))).toEqual(["00010201", "00010201", "00010201"]);
}

if (!godot4) {
  it.todo(`godot4 RPC server tests: NOT RUN (${godot4Absence})`);
} else {
  describe("a Godot 4 client calls RPCs on a wsmp server, which answers with RPCs", () => {
    it("on Node", async () => {
      const lines: GameLine[] = [];
      const report = (line: GameLine): void => void lines.push(line);
      const server = createServer(0, "127.0.0.1", undefined, { dialect: recordingScene(report) });
      serveGame(server, report);
      const { port } = await server.listen();
      try {
        const run = await runClient(godot4, port);
        await until(() => lines.filter((l) => "move" in l).length === 3, 5000, "three moves");
        expectGame(lines, run);
      } finally {
        await server.close();
      }
    });

    it("on Bun (Bun.serve, @wsmp/adapter-bun)", async () => {
      const server = await startBunGameServer<GameLine>(BUN_SERVER);
      onTestFailed(() => console.error(server.output()));
      const run = await runClient(godot4, server.port);
      await until(() => server.lines.filter((l) => "move" in l).length === 3, 5000, "three moves");
      expectGame(server.lines, run);
      await server.close();
    });
  });
}
