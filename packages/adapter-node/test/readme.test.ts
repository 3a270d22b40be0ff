// The README's TypeScript blocks are type-checked against this package's source, and the main
// example is run on loopback, so the documentation cannot drift from the code.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { packageReadme } from "../../../scripts/doc-blocks.mjs";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = packageReadme(pkg);
const { work, blocks } = readme;

afterAll(() => readme.cleanup());

describe("README", () => {
  it("type-checks every TypeScript block", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const output = await readme.typecheck({ types: ["node"], paths: { "@wsmp/adapter-node": ["../../src/index.ts"] } });
    expect(output).toBe("");
  });

  it("runs the main example: the client is welcomed by the server, then both close", async () => {
    mkdirSync(work, { recursive: true });
    const file = join(work, "example.ts");
    writeFileSync(file, blocks[0]!);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ pathToFileURL(file).href);
      expect(log).toHaveBeenCalledTimes(1);
      const [line, data] = log.mock.calls[0]! as [string, string];
      const id = /^peer (\d+) got from 1:$/.exec(line)?.[1];
      expect(id).toBeDefined();
      expect(data).toBe(`welcome, peer ${id}`);
    } finally {
      log.mockRestore();
    }
  });
});
