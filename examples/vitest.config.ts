import { defineProject } from "vitest/config";

// Each example runs as a child process (Node examples from dist/, so build first; the Bun one under Bun).
export default defineProject({
  test: {
    name: "examples",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
