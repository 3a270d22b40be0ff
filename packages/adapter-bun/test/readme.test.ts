// The README's TypeScript blocks are type-checked against this package's source (with Bun's
// types), and the main example is run in Bun on loopback, so the documentation cannot drift.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";
import { BUN_BINARY } from "./support/bun-harness.js";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = packageReadme(pkg);
const { work, blocks } = readme;

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    const output = await readme.typecheck({ types: ["bun"], paths: { "@wsmp/adapter-bun": ["../../src/index.ts"] } });
    expect(output).toBe("");
  });

  it("runs the main example in Bun: the client is welcomed by the server, then both close", async () => {
    mkdirSync(work, { recursive: true });
    const file = join(work, "example.ts");
    writeFileSync(file, blocks[0]!.replace('"@wsmp/adapter-bun"', JSON.stringify(join(pkg, "src", "index.ts"))));
    const { stdout } = await promisify(execFile)(BUN_BINARY, [file], { cwd: pkg, timeout: 20_000 });
    const line = stdout.trim();
    const id = /^peer (\d+) got from 1: welcome, peer (\d+)$/.exec(line);
    expect(id, `unexpected output: ${line}`).not.toBeNull();
    expect(id![1]).toBe(id![2]);
  });
});
