import { defineProject } from "vitest/config";

// vitest runs on Node; Bun code runs in Bun child processes the tests start (see test/support).
export default defineProject({
  test: {
    name: "adapter-bun",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
