// Mutation testing of @wsmp/core: the engines, the dialects (scene, rpc, variant), the public
// peers, Godot 3's classes and the sessions. See docs/testing.md.
import { mutationConfig } from "./shared.mjs";

export default mutationConfig("core", {
  vitest: { configFile: "scripts/mutation/core.vitest.config.ts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "packages/core/tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "packages/core/src/engine/**/*.ts",
    "packages/core/src/dialects/**/*.ts",
    "packages/core/src/api/**/*.ts",
    "packages/core/src/godot3/**/*.ts",
    "packages/core/src/sessions/**/*.ts",
    "!packages/core/src/**/*.test.ts",
    "!packages/core/src/**/*.d.ts",
  ],
});
