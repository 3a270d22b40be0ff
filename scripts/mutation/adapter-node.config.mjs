// Mutation testing of the Node adapter's transport files, against its real-socket tests.
import { mutationConfig } from "./shared.mjs";

export default mutationConfig("adapter-node", {
  vitest: { configFile: "scripts/mutation/adapter-node.vitest.config.ts", related: false },
  mutate: ["packages/adapter-node/src/*.ts", "!packages/adapter-node/src/index.ts", "!packages/adapter-node/src/runtime.ts"],
  // Real sockets: a mutant that hangs a test is detected by the timeout, which must allow for a busy machine.
  timeoutMS: 10_000,
});
