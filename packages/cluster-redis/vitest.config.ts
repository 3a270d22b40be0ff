import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cluster-redis",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Each file starts its own redis-server and node processes; one file at a time keeps 2 cores calm.
    fileParallelism: false,
  },
});
