// docs/godot4/README.md's TypeScript blocks are type-checked against the built packages, and its
// relay example is run for real on loopback with TypeScript scene clients standing in for Godot.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { compileBlocks, freePort, tsBlocks } from "../../../scripts/doc-blocks.mjs";
import type { MultiplayerClient } from "../src/index.js";
import { client, closeAll, until } from "./helpers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const work = join(root, ".artifacts", "godot4-docs");
const blocks = tsBlocks(join(root, "docs", "godot4", "README.md"));

let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  await closeAll();
});

async function compile(sources: string[]): Promise<string> {
  const result = await compileBlocks({
    work,
    blocks: sources,
    compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], outDir: "out", rootDir: ".", declaration: false, declarationMap: false, sourceMap: false },
  });
  return result.ok ? "" : result.output || "tsc failed";
}

describe("docs/godot4/README.md", () => {
  it("type-checks both TypeScript examples", async () => {
    expect(blocks).toHaveLength(2);
    expect(await compile(blocks)).toBe("");
  }, 60_000);

  it("runs the relay example: auth, announcements, relayed and echoed bytes, scene packets", async () => {
    const port = await freePort();
    expect(await compile([blocks[0]!.replace("9080", String(port))])).toBe("");
    const proc = spawn(process.execPath, [join(work, "out", "block-0.js")], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let stdout = "";
    let stderr = "";
    proc.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await until(() => stdout.includes(`relay listening on ${port}`), 15_000, "the relay to listen");

    const url = `ws://127.0.0.1:${port}`;
    const player = (secret: string): MultiplayerClient => {
      const c: MultiplayerClient = client(url, {
        scene: {
          auth: (id, data) => {
            expect(Buffer.from(data).toString()).toBe("password?");
            c.sendAuth(id, secret);
            return true;
          },
        },
      });
      return c;
    };
    const alice = player("letmein");
    const bob = player("letmein");
    const [a, b] = await Promise.all([alice.connect(), bob.connect()]);
    await until(() => alice.peers.includes(b) && bob.peers.includes(a), 5000, "announcements");
    const got: string[] = [];
    bob.on("peer_packet", (from, data) => got.push(`${from} ${Buffer.from(data!).toString()}`));
    alice.sendBytes("hi", 0);
    await until(() => got.length === 2, 5000, "relayed and echoed bytes");
    expect(got.sort()).toEqual([`1 hi`, `${a} hi`].sort());
    alice.send(new Uint8Array([0x00, 0x01, 0x00, 0x01, 0x02, 0x2a])); // rpc_id(1, "foo", 42)
    await until(() => stdout.includes(`remote_call from ${a} (6 bytes)`), 5000, "scene_packet");

    const mallory = player("guess");
    await expect(mallory.connect()).rejects.toMatchObject({ code: "WSMP_ERR_AUTH_FAILED" });
    await until(() => stdout.includes("failed to authenticate: rejected"), 5000, "auth failure");
    bob.disconnect();
    await until(() => stdout.includes(`peer ${b} left`) && !alice.peers.includes(b), 5000, "leave");
    expect(stdout).toContain(`peer ${a} joined`);
    expect(stderr).toBe("");
  }, 60_000);
});
