import { defineProject } from "vitest/config";

// Each file starts real Godot 4 processes; files run one at a time so they do not compete for
// the CPU, and every test has a hard time limit (Godot processes are killed on teardown).
export default defineProject({
  test: {
    name: "interop-godot4",
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
