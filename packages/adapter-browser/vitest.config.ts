import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "adapter-browser",
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    // Starting Chromium takes a few seconds on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser per file is plenty on two cores.
    fileParallelism: false,
  },
});
