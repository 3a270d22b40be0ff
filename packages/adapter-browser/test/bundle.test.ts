import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLES, measure, sizeTable } from "../scripts/bundle.mjs";

// The global setup has just built both bundles from src. They must be the same module: the
// minified one is only smaller. (The browser suites load the readable one in Chromium.)
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
type BundleModule = Record<string, unknown> & typeof import("../src/index.js");
const load = (file: string): Promise<BundleModule> => import(/* @vite-ignore */ pathToFileURL(join(root, "dist", file)).href) as Promise<BundleModule>;

describe("the single-file bundles", () => {
  it("minified: loads and exports the same names, of the same kinds, as the readable bundle", async () => {
    const [readable, minified] = await Promise.all(BUNDLES.map(load));
    const kinds = (m: Record<string, unknown>): [string, string][] => Object.keys(m).sort().map((name) => [name, typeof m[name]]);
    expect(Object.keys(readable!)).toContain("createClient");
    expect(kinds(minified!)).toEqual(kinds(readable!));
    expect(kinds(readable!)).toEqual(kinds((await import("../src/index.js")) as Record<string, unknown>));
  });

  it("minified: behaves as the readable bundle where no socket is needed", async () => {
    const [readable, minified] = await Promise.all(BUNDLES.map(load));
    for (const m of [readable!, minified!]) {
      expect(m.toBrowserCloseCode(1001)).toBe(4001);
      expect(() => m.createServer(8910, "*")).toThrow(m.UnsupportedError);
      let thrown: unknown;
      try {
        m.createClient("ws://127.0.0.1:1/", undefined, { handshakeHeaders: ["X-A: 1"] });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(m.WsmpError);
      expect(thrown).toMatchObject({ name: "UnsupportedError", code: "WSMP_ERR_UNSUPPORTED", godotError: m.GodotError.ERR_UNAVAILABLE });
    }
  });

  it("are self-contained ES modules: no import statements left", () => {
    for (const file of BUNDLES) {
      const text = readFileSync(join(root, "dist", file), "utf8");
      expect(text, file).not.toMatch(/^\s*import\s*[\w{*"']/m);
      expect(text, file).not.toMatch(/\bimport\s*\(/);
      expect(text, file).toMatch(/\bexport\s*\{/);
    }
  });

  it("minified: is at most 60% of the readable bundle's size", () => {
    const [readable, minified] = measure();
    expect(minified!.raw).toBeLessThan(readable!.raw * 0.6);
    expect(minified!.gzip).toBeLessThan(readable!.gzip);
  });

  it("README: its size table holds the sizes measured now (run this package's build to rewrite it)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const table = /<!-- size:start -->\n([\s\S]*?)\n<!-- size:end -->/.exec(readme)?.[1];
    expect(table).toBe(sizeTable(measure()));
  });
});
