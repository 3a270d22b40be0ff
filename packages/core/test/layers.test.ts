import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers of the core, bottom first. A source file may import from its own layer and the
 * layers below it, never from a layer above. Tests and the test kit may import anything.
 */
const LAYERS = ["shared", "contract", "engine", "dialects", "api", "godot3", "sessions", "adapters"] as const;
/** Entry points: they gather the public names, so they sit above every layer. */
const ENTRY_POINTS = new Set(["index.ts", "adapter.ts"]);

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [relative(root, path).split("\\").join("/")] : [];
  });
}

function layerOf(file: string): string {
  return file.split("/")[0]!;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specs: string[] = [];
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
    specs.push(posix.normalize(posix.join(posix.dirname(file), match[1]!)).replace(/\.js$/, ".ts"));
  }
  return specs;
}

const files = sourceFiles(root);

describe("layers", () => {
  it("every source file lives in a layer folder, the test kit or an entry point", () => {
    const stray = files.filter((file) => !ENTRY_POINTS.has(file) && !(LAYERS as readonly string[]).includes(layerOf(file)) && layerOf(file) !== "testing");
    expect(stray).toEqual([]);
  });

  it("imports point down: no layer imports a layer above it, and nothing but the test kit imports the test kit", () => {
    const violations: string[] = [];
    for (const file of files) {
      if (ENTRY_POINTS.has(file) || layerOf(file) === "testing") continue;
      const rank = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
      for (const target of importsOf(file)) {
        const targetRank = LAYERS.indexOf(layerOf(target) as (typeof LAYERS)[number]);
        if (targetRank === -1 || targetRank > rank) violations.push(`${file} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the check sees real imports (the engines import the contract)", () => {
    expect(importsOf("engine/server-engine.ts")).toContain("contract/connection.ts");
  });
});
