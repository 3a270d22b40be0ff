#!/usr/bin/env node
// Builds the page into dist/web: one ES module bundle (the app, @wsmp/adapter-browser and
// @wsmp/core), plus index.html and style.css copied as they are.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "web");

await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, "src", "web", "main.ts")],
  outfile: join(out, "app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
});
await Promise.all(["index.html", "style.css"].map((name) => copyFile(join(root, "web", name), join(out, name))));
