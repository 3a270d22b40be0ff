// The README's code blocks are part of the test suite: every TypeScript block is type-checked
// against the built packages, and the main example is run for real on loopback.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".artifacts", "readme");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

function tsBlocks(markdownPath: string): string[] {
  const text = readFileSync(markdownPath, "utf8");
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Writes the blocks as modules with a tsconfig and compiles them; returns tsc's output. */
async function compile(blocks: string[]): Promise<{ ok: boolean; output: string }> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  blocks.forEach((code, i) => writeFileSync(join(work, `block-${i}.ts`), code));
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.base.json",
      compilerOptions: { types: ["node"], lib: ["ES2022", "DOM"], outDir: "out", rootDir: ".", declaration: false, declarationMap: false, sourceMap: false },
      include: ["*.ts"],
    }),
  );
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { cwd: work });
    return { ok: true, output: "" };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
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
