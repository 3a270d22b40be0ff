/**
 * @wsmp/cli: the `wsmp relay` command (a Godot-compatible server with no code) and the pieces
 * it is made of, for programs that embed them: Prometheus metrics of any wsmp server
 * (`createMetrics`), a graceful stop (`drainServer`), and the option table and parser the
 * playground shares. See the package README and docs/deploy.md.
 */
export { main, type CliIo } from "./main.js";
export { createMetrics, type MetricsOptions, type WsmpMetrics } from "./metrics.js";
export { drainServer, type DrainOptions, type DrainResult } from "./shutdown.js";
export { OPTION_GROUPS, optionsIn, pickOptions, RELAY_OPTIONS, type OptionGroup, type OptionKind, type OptionSpec } from "./option-spec.js";
export { parseOptions, UsageError, type OptionSources, type OptionValue, type OptionValues, type ParsedOptions } from "./parse-options.js";
export { optionLines, relayUsage } from "./usage.js";
export { presentedToken, relayAdmission, serverOptionsOf } from "./server-options.js";
export { findBun, isBun, runUnderBun } from "./run-under-bun.js";
export { startRelay, type RelayOutput, type RunningRelay } from "./relay.js";
