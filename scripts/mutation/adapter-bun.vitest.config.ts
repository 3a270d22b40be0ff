// The Bun adapter for Stryker (see rooted.ts): only the tests that run its code in vitest's own
// Node process. The rest runs inside Bun child processes, where mutants are neither switched on
// nor seen covering a test (docs/testing.md).
import project from "../../packages/adapter-bun/vitest.config.ts";
import { rootedAt } from "./rooted.ts";

export default rootedAt("adapter-bun", project, ["test/close-scan.test.ts"]);
