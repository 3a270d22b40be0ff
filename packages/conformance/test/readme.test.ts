// The README's TypeScript blocks are type-checked against this package's source, so the
// documented contract and examples cannot drift from the code.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = packageReadme(pkg);
const { blocks } = readme;

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const output = await readme.typecheck(
      {
        types: ["node"],
        paths: {
          "@wsmp/conformance": ["../../src/index.ts"],
          "@wsmp/conformance/child": ["../../src/child.ts"],
          // @wsmp/adapter-bun has the adapter-node exports; its own types need Bun's, which this package does not install.
          "@wsmp/adapter-bun": ["../../node_modules/@wsmp/adapter-node/dist/index.d.ts"],
        },
      },
      // Each block is its own module (they reuse names).
      (code) => `${code}\nexport {};\n`,
    );
    expect(output).toBe("");
  });
});
