#!/usr/bin/env node
// Builds dist/wsmp-browser.js: adapter + @wsmp/core in one ES module, so a page can load it
// with <script type="module"> and no bundler. Run after tsc (it bundles from src, resolving
// @wsmp/core through its built package).
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function bundle() {
  await build({
    entryPoints: [join(root, "src", "index.ts")],
    outfile: join(root, "dist", "wsmp-browser.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: true,
    legalComments: "none",
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
