import { defineConfig } from "vitest/config";

// Every package and app with its own vitest.config.ts is a project; `vitest run` at the root
// runs them all in one process tree and prints one total.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "scripts/vitest.config.ts", "examples/vitest.config.ts"],
  },
});
