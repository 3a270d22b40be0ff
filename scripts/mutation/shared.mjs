// What every mutation run shares (`pnpm mutation`; docs/testing.md). Each target's config file
// beside this one names the files it mutates and the vitest project that tests them. Stryker runs
// from the repository root, so a sandbox keeps the workspace's layout (tsconfig `extends`, each
// package's node_modules).

import { createRequire } from "node:module";

// pnpm keeps Stryker's own folder free of its plugins (root devDependencies): name them by path.
const require = createRequire(new URL("../../package.json", import.meta.url));
const plugins = ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"].map((name) => require.resolve(name));

/**
 * @param {string} name the target, used for its report and incremental files
 * @param {import("@stryker-mutator/api/core").PartialStrykerOptions} options
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function mutationConfig(name, options) {
  return {
    plugins,
    testRunner: "vitest",
    // The machine has two cores and is shared.
    concurrency: 2,
    // A mutant of a module-level constant would need the whole suite per mutant; those constants
    // are Godot's numbers and limits, pinned by the golden wire tests and the limit tests.
    ignoreStatic: true,
    reporters: ["clear-text", "progress", "json", "html"],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    // A cache of this machine's last run (`--incremental`), kept out of git: see docs/testing.md.
    incrementalFile: `reports/mutation/${name}.incremental.json`,
    thresholds: { high: 95, low: 90, break: null },
    // One folder per target, so that targets can run side by side.
    tempDirName: `.stryker-tmp/${name}`,
    cleanTempDir: "always",
    // Only the packages under test and what they build on go into a sandbox.
    ignorePatterns: ["/apps", "/examples", "/docs", "/packages/bench", "/packages/cli", "/packages/interop-godot3", "/packages/interop-godot4", "/packages/cluster-redis", "/reports", "/.stryker-tmp"],
    ...options,
  };
}
