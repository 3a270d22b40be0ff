import { defineProject } from "vitest/config";

// Each scenario starts real Godot processes; files run one at a time so they do not compete
// for the CPU, and every test has a hard time limit (Godot processes are killed on teardown).
export default defineProject({
  test: {
    name: "interop-godot3",
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 15_000,
  },
});
