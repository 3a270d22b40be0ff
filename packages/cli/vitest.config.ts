import { defineProject } from "vitest/config";

// The relay runs as a child process (`node dist/bin.js`): build the package first.
export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
