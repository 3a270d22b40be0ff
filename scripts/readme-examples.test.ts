// The README's code blocks are part of the test suite: every TypeScript block is type-checked
// against the built packages, and the main example is run for real on loopback.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileBlocks, freePort, tsBlocks } from "./doc-blocks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".artifacts", "readme");

/** Writes the blocks as modules with a tsconfig and compiles them; returns tsc's output. */
function compile(blocks: string[]): Promise<{ ok: boolean; output: string }> {
  return compileBlocks({
    work,
    blocks,
    compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], outDir: "out", rootDir: ".", declaration: false, declarationMap: false, sourceMap: false },
  });
}

describe("root README", () => {
  const blocks = tsBlocks(join(root, "README.md"));

  it("has a TypeScript example", () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks[0]).toContain("createServer");
  });

  it("type-checks every TypeScript block", async () => {
    const result = await compile(blocks);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("runs the main example: broadcast, one-peer and all-but-one routing between Node clients", async () => {
    const port = await freePort();
    const result = await compile([blocks[0]!.replaceAll("8910", String(port))]);
    expect(result.output).toBe("");
    const child = spawn(process.execPath, [join(work, "out", "block-0.js")], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 15000);
      child.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(stderr).toBe("");
    expect(code).toBe(0); // the example ends by itself once the server has closed
    const lines = stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("server: peer ")).length).toBe(3);
    const got = (name: string): string[] => lines.filter((l) => l.startsWith(`${name} got `)).map((l) => l.slice(name.length + 5)).sort();
    expect(got("alice")).toEqual(["for everyone", "not for carol"]);
    expect(got("bob")).toEqual(["for everyone", "hello from alice", "not for carol", "only for bob"]);
    expect(got("carol")).toEqual(["for everyone", "hello from alice"]);
  });
});

describe("docs/deploy.md", () => {
  it("type-checks every TypeScript block against the built packages", async () => {
    const blocks = tsBlocks(join(root, "docs", "deploy.md"));
    expect(blocks.length).toBeGreaterThan(0);
    const result = await compileBlocks({
      work: join(root, ".artifacts", "deploy-doc"),
      blocks,
      compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], outDir: "out", rootDir: ".", declaration: false, declarationMap: false, sourceMap: false },
    });
    expect(result.output).toBe("");
  });
});
