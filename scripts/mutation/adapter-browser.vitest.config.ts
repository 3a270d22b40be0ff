// The browser adapter for Stryker (see rooted.ts): only the tests that run its code in Node. The
// Chromium tests load a bundle built before the run, which Stryker cannot mutate (docs/testing.md).
import project from "../../packages/adapter-browser/vitest.config.ts";
import { rootedAt } from "./rooted.ts";

export default rootedAt("adapter-browser", project, ["test/unsupported.test.ts"]);
