import { fileURLToPath } from "node:url";
import type { UserWorkspaceConfig } from "vitest/config";

/**
 * A package's vitest project rooted at its own folder (Stryker starts vitest at the repository
 * root), optionally narrowed to the test files that can run under the mutation runner (without
 * the project's global setup, which only those other tests need).
 */
export function rootedAt(packageName: string, project: UserWorkspaceConfig, include?: string[]): UserWorkspaceConfig {
  const root = fileURLToPath(new URL(`../../packages/${packageName}`, import.meta.url));
  return { ...project, root, test: { ...project.test, ...(include ? { include, globalSetup: [] } : {}) } };
}
