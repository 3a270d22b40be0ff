import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { adapterCapabilities, createProcessHarness, type Harness } from "@wsmp/conformance";
import { capabilities } from "@wsmp/adapter-bun";

/**
 * The `bun` binary the `bun` npm package installed (its real executable, not the package
 * manager's shell shim, so the child's pid is Bun's own), or `$BUN_BINARY`.
 */
export const BUN_BINARY = process.env.BUN_BINARY ?? join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");

/** A harness whose servers and clients run in a Bun child process (started in setup, killed in dispose). */
export function createBunHarness(): Harness {
  return createProcessHarness({
    name: "bun",
    command: BUN_BINARY,
    args: [fileURLToPath(new URL("../fixtures/bun-peer.ts", import.meta.url))],
    // What the adapter declares (Bun.serve has no accept hook, its client shows no response headers).
    capabilities: adapterCapabilities({ capabilities }),
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
  });
}
