#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { main } from "./main.js";

main({
  argv: process.argv.slice(2),
  env: process.env,
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  script: fileURLToPath(import.meta.url),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`wsmp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
