import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, onTestFailed } from "vitest";
import { compileBlocks, freePort, tsBlocks } from "../../../scripts/doc-blocks.mjs";
import { findGodot4, godot4Absence, startGodot4Script, type Godot4Process } from "./godot4.js";

/**
 * The root README's RPC example, as printed: its TypeScript server (compiled and run on Node) and
 * its GDScript client (world.gd, mounted at /root/Game/World) against the real Godot 4 engine.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const tsBlock = tsBlocks(join(root, "README.md")).find((code) => code.includes('server.node("Game/World"'));
const gdBlock = [...readme.matchAll(/```gdscript\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("func moved("));
const godot4 = await findGodot4();
console.log(godot4 ? `godot4 README RPC test: ran (binary ${godot4})` : `godot4 README RPC test: NOT RUN (${godot4Absence})`);

/** Mounts the README's world.gd at /root/Game/World, as the game's scene would. */
const RUNNER = `extends SceneTree


func _initialize() -> void:
	var game := Node.new()
	game.name = "Game"
	root.add_child(game)
	var world := Node.new()
	world.set_script(load("res://world.gd"))
	world.name = "World"
	game.add_child(world)
`;

let server: ChildProcess | undefined;
let godot: Godot4Process | undefined;
let project = "";
afterEach(async () => {
  server?.kill("SIGKILL");
  server = undefined;
  await godot?.kill();
  godot = undefined;
  if (project) rmSync(project, { recursive: true, force: true });
  project = "";
});

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(true)).once("error", () => resolve(false));
      socket.once("close", () => socket.destroy());
      setTimeout(() => socket.end(), 0);
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("README: a TypeScript server for a Godot 4 game", () => {
  it("has the TypeScript server and the GDScript client", () => {
    expect(tsBlock).toBeDefined();
    expect(gdBlock).toBeDefined();
  });

  it("docs/godot-rpc.md's TypeScript type-checks", async () => {
    const blocks = tsBlocks(join(root, "docs", "godot-rpc.md"));
    expect(blocks.length).toBeGreaterThan(0);
    const result = await compileBlocks({ work: join(root, ".artifacts", "godot-rpc-doc"), blocks, compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], noEmit: true } });
    expect(result.output).toBe("");
  });

  if (!godot4) {
    it.todo(`godot4 README RPC test: NOT RUN (${godot4Absence})`);
    return;
  }

  it("runs the pair: the client moves with an RPC, the server answers with RPCs", async () => {
    const port = await freePort();
    const work = join(root, ".artifacts", "readme-rpc");
    const compiled = await compileBlocks({
      work,
      blocks: [tsBlock!.replace("9080", String(port))],
      compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], outDir: "out", rootDir: ".", declaration: false, declarationMap: false, sourceMap: false },
    });
    expect(compiled.output).toBe("");
    const child = spawn(process.execPath, [join(work, "out", "block-0.js")], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    server = child;
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForPort(port);

    project = mkdtempSync(join(tmpdir(), "wsmp-readme-rpc-"));
    writeFileSync(join(project, "world.gd"), gdBlock!.replace("9080", String(port)));
    writeFileSync(join(project, "run.gd"), RUNNER);
    godot = startGodot4Script({ binary: godot4, projectFiles: project, script: "run.gd", timeoutMs: 20_000 });
    const run = godot;
    onTestFailed(() => console.error(`${run.output.join("\n")}\n--- server\n${stdout}${stderr}`));
    const welcome = await run.waitFor("welcome, player ");
    const id = Number(welcome.slice("welcome, player ".length));
    await run.waitFor(`player ${id} is at (3.0, 4.0)`);
    await until(() => stdout.includes(`player ${id} moved to 3,4`), 5000, "the server's log line");
    expect(run.engineErrors()).toEqual([]);
    expect(stderr).toBe("");
    expect(stdout).not.toContain("refused");
  });
});
