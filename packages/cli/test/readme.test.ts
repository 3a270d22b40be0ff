// The README's TypeScript blocks are type-checked against this package's source.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";

const readme = packageReadme(join(dirname(fileURLToPath(import.meta.url)), ".."));

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(readme.blocks.length).toBeGreaterThanOrEqual(1);
    expect(await readme.typecheck({ types: ["node"], paths: { "@wsmp/cli": ["../../src/index.ts"] } })).toBe("");
  });
});
