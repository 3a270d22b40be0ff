import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    // The README example imports the package by name; run it against the source.
    alias: { "@wsmp/adapter-node": fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    name: "adapter-node",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
