/**
 * Entry of the Bun child process the tests start: serves Bun servers and clients to the
 * vitest process over stdin/stdout. Runs the adapter from source (Bun runs TypeScript).
 */
import { createInProcessHarness } from "@wsmp/conformance";
import { serveOverStdio } from "@wsmp/conformance/child";
import * as adapter from "../../src/index.js";
import { BUN_CAPABILITIES } from "./capabilities.js";

serveOverStdio(createInProcessHarness({ name: "bun", adapter, capabilities: BUN_CAPABILITIES }));
