// The README's TypeScript block is type-checked against this package's source, so the
// documentation cannot drift from the code.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";

const readme = packageReadme(join(dirname(fileURLToPath(import.meta.url)), ".."));

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(readme.blocks.length).toBeGreaterThanOrEqual(1);
    const output = await readme.typecheck({ types: ["node"], paths: { "@wsmp/cluster-redis": ["../../src/index.ts"] } });
    expect(output).toBe("");
  });
});
