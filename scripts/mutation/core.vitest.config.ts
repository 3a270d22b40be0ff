// The core's vitest project, rooted at its package: Stryker starts vitest at the repository root.
import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import project from "../../packages/core/vitest.config.ts";

export default mergeConfig(project, { root: fileURLToPath(new URL("../../packages/core", import.meta.url)) });
