// Mutation testing of the browser adapter: its close-code mapping, the transport file whose tests
// run in Node (docs/testing.md).
import { mutationConfig } from "./shared.mjs";

export default mutationConfig("adapter-browser", {
  vitest: { configFile: "scripts/mutation/adapter-browser.vitest.config.ts", related: false },
  mutate: ["packages/adapter-browser/src/browser-close-code.ts"],
});
