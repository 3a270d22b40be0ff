// The README's TypeScript blocks are type-checked against this package's source, so the
// documented contract and examples cannot drift from the code.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileBlocks, tsBlocks } from "../../../scripts/doc-blocks.mjs";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(pkg, ".artifacts", "readme");
const blocks = tsBlocks(join(pkg, "README.md"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const { output } = await compileBlocks({
      work,
      // Each block is its own module (they reuse names).
      blocks: blocks.map((code) => `${code}\nexport {};\n`),
      compilerOptions: {
        types: ["node"],
        noEmit: true,
        paths: {
          "@wsmp/conformance": ["../../src/index.ts"],
          "@wsmp/conformance/child": ["../../src/child.ts"],
          // @wsmp/adapter-bun has the adapter-node exports; its own types need Bun's, which this package does not install.
          "@wsmp/adapter-bun": ["../../node_modules/@wsmp/adapter-node/dist/index.d.ts"],
        },
      },
      tsc: join(pkg, "node_modules", "typescript", "bin", "tsc"),
    });
    expect(output).toBe("");
  });
});
