#!/usr/bin/env node
// Builds the single-file ES modules a page can load with <script type="module"> and no bundler:
// dist/wsmp-browser.js (readable) and dist/wsmp-browser.min.js (minified), each the adapter plus
// @wsmp/core with no imports of their own, each with a source map. Run after tsc (it bundles
// from src, resolving @wsmp/core through its built package). Run as a script (the package's
// build) it also measures both files and writes their sizes into README.md.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLES = /** @type {const} */ (["wsmp-browser.js", "wsmp-browser.min.js"]);

export async function bundle() {
  await Promise.all(
    BUNDLES.map((file) =>
      build({
        absWorkingDir: root, // paths in comments and source maps do not depend on where this runs
        entryPoints: [join(root, "src", "index.ts")],
        outfile: join(root, "dist", file),
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: file.endsWith(".min.js"),
        sourcemap: true,
        legalComments: "none",
        logLevel: "warning",
      }),
    ),
  );
}

export function measure() {
  return BUNDLES.map((file) => {
    const bytes = readFileSync(join(root, "dist", file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

const START = "<!-- size:start -->";
const END = "<!-- size:end -->";

/** The README table between the size markers. */
export function sizeTable(sizes) {
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  return [
    "| file | size | gzip -9 |",
    "|---|---|---|",
    ...sizes.map(({ file, raw, gzip }) => `| \`dist/${file}\` | ${kb(raw)} (${raw} bytes) | ${kb(gzip)} (${gzip} bytes) |`),
    "",
    "Measured by `scripts/bundle.mjs` at each build of this package.",
  ].join("\n");
}

/** Rewrites the README's size table; leaves the file alone when nothing changed. */
export function writeSizes(sizes) {
  const path = join(root, "README.md");
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  const next = `${text.slice(0, start + START.length)}\n${sizeTable(sizes)}\n${text.slice(end)}`;
  if (next !== text) writeFileSync(path, next);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  writeSizes(measure());
}
