import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { adapterCapabilities, createProcessHarness, type Harness } from "@wsmp/conformance";
import { capabilities } from "@wsmp/adapter-bun";
import { BUN_FRONT_SERVER_CAPABILITIES } from "../../src/server-transport.js";

/**
 * The `bun` binary the `bun` npm package installed (its real executable, not the package
 * manager's shell shim, so the child's pid is Bun's own), or `$BUN_BINARY`.
 */
export const BUN_BINARY = process.env.BUN_BINARY ?? join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");

/**
 * A harness whose servers and clients run in a Bun child process (started in setup, killed in
 * dispose). With `front`, every server runs behind the front (`createBunServerTransport({ front: true })`).
 */
export function createBunHarness(options: { readonly front?: boolean } = {}): Harness {
  return createProcessHarness({
    name: options.front ? "bun-front" : "bun",
    command: BUN_BINARY,
    args: [fileURLToPath(new URL("../fixtures/bun-peer.ts", import.meta.url)), ...(options.front ? ["front"] : [])],
    // What the adapter declares (Bun.serve has no accept hook unless fronted, its client shows no response headers).
    capabilities: adapterCapabilities(options.front ? { capabilities: { ...capabilities, server: BUN_FRONT_SERVER_CAPABILITIES } } : { capabilities }),
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
  });
}
