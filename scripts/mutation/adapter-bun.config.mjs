// Mutation testing of the Bun adapter: the close-frame scanner, the one transport file whose
// tests run in vitest's Node process (docs/testing.md).
import { mutationConfig } from "./shared.mjs";

export default mutationConfig("adapter-bun", {
  vitest: { configFile: "scripts/mutation/adapter-bun.vitest.config.ts", related: false },
  mutate: ["packages/adapter-bun/src/close-scan.ts"],
});
