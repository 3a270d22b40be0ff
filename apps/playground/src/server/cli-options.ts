import { optionLines, optionsIn, type OptionValues, parseOptions as parseWith, pickOptions, serverOptionsOf, UsageError } from "@wsmp/cli";
import type { DialectName, SessionServerOptions } from "@wsmp/core";

/**
 * The playground's flags: those of `wsmp relay` (@wsmp/cli) that make sense for it, parsed by
 * the same parser (so the same names, WSMP_* variables and messages), on port 8080 by default.
 */
export const PLAYGROUND_OPTIONS = [...pickOptions(["runtime", "port", "bind", "dialect", "protocols"]), ...optionsIn("limits", "hardening"), ...pickOptions(["quiet", "help"])];

/** How the playground server runs, from its command line. */
export interface PlaygroundOptions {
  readonly runtime: "node" | "bun";
  readonly port: number;
  readonly bind: string;
  readonly dialect: DialectName;
  readonly protocols?: readonly string[] | undefined;
  /** The limits and protections given, as the server's options (dialect and scene included). */
  readonly server: SessionServerOptions;
  /** No line per join and leave. */
  readonly quiet: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm start -- [options]\n${optionLines(PLAYGROUND_OPTIONS).replace(/ \(default 9080\)/, " (default 8080)")}`;

export { UsageError };

/** Parses `--flag value` and `--flag=value` (and WSMP_* variables). Throws `UsageError` with a message for the user. */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): PlaygroundOptions {
  const { values, positionals } = parseWith(PLAYGROUND_OPTIONS, { argv, env, defaults: { port: 8080 } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return playgroundOptions(values);
}

function playgroundOptions(values: OptionValues): PlaygroundOptions {
  return {
    runtime: values["runtime"] as "node" | "bun",
    port: values["port"] as number,
    bind: values["bind"] as string,
    dialect: values["dialect"] as DialectName,
    protocols: values["protocols"] as readonly string[] | undefined,
    server: serverOptionsOf(values),
    quiet: values["quiet"] === true,
    help: values["help"] === true,
  };
}
