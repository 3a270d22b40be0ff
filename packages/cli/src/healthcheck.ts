#!/usr/bin/env node
/**
 * The container's health check: exits 0 when the relay's health endpoint answers 200 (serving),
 * 1 otherwise (not up yet, or shutting down). It asks http://127.0.0.1:$WSMP_METRICS_PORT/healthz
 * (9100 when unset), so it needs the metrics port on, as the Docker image has it.
 */
const port = process.env["WSMP_METRICS_PORT"] ?? "9100";
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
