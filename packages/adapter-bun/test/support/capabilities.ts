import type { Capabilities } from "@wsmp/conformance/harness";

/** What the Bun adapter can do, as the conformance suite's capability flags. */
export const BUN_CAPABILITIES: Capabilities = {
  listen: true,
  connect: true,
  realSockets: true,
  // Bun.serve hands over a connection only when its HTTP request arrives.
  acceptHook: false,
  customHeaders: true,
  tls: true,
  abruptClose: true,
  // Bun reports buffered bytes, not buffered messages.
  outboundMessageCount: false,
  // Bun's WebSocket client does not expose the 101 response headers.
  responseHeaders: false,
};
