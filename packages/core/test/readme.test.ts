// The README's TypeScript block is type-checked against this package's source and run, so the
// documentation cannot drift from the code.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";
import { Vector2 } from "../src/dialects/variant/index.js";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = packageReadme(pkg);
const { work, blocks } = readme;

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks its TypeScript block against the three entry points it imports", async () => {
    expect(blocks.length).toBe(1);
    const output = await readme.typecheck({
      types: ["node"],
      paths: {
        "@wsmp/core": ["../../src/index.ts"],
        "@wsmp/core/testing": ["../../src/testing/index.ts"],
        "@wsmp/core/variant": ["../../src/dialects/variant/index.ts"],
      },
    });
    expect(output).toBe("");
  });

  it("runs the example: the server decodes the client's Vector2 and lists the client as a peer", async () => {
    mkdirSync(work, { recursive: true });
    const file = join(work, "example.ts");
    writeFileSync(file, blocks[0]!);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ pathToFileURL(file).href);
      expect(log).toHaveBeenCalledTimes(2);
      const [line, value] = log.mock.calls[0]! as [string, unknown];
      const id = Number(/^peer (\d+) is at$/.exec(line)?.[1]);
      expect(id).toBeGreaterThanOrEqual(2);
      expect(value).toEqual(new Vector2(3, 4));
      expect(log.mock.calls[1]).toEqual([true, [id]]);
    } finally {
      log.mockRestore();
    }
  });
});
