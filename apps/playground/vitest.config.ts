import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "playground",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The end-to-end files each start a server and a browser: one at a time on a small machine.
    fileParallelism: false,
  },
});
