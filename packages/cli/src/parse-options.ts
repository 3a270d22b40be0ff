import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { OptionKind, OptionSpec } from "./option-spec.js";

/** A command line, variable or config file the user got wrong: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}

export type OptionValue = string | number | boolean | readonly string[];
export type OptionValues = Readonly<Record<string, OptionValue | undefined>>;

/** Where settings come from, strongest first: the command line, the environment, a JSON config file. */
export interface OptionSources {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Reads the config file (default: `readFileSync` as UTF-8). */
  readonly readFile?: ((path: string) => string) | undefined;
  /** Defaults over the table's own (the playground listens on 8080). */
  readonly defaults?: Readonly<Record<string, OptionValue>> | undefined;
}

export interface ParsedOptions {
  readonly values: OptionValues;
  /** Words that are not options (a command name). */
  readonly positionals: readonly string[];
}

/** Converts one raw value (a string from argv or env, any JSON value from a config file) to the option's type. */
function convert(spec: OptionSpec, raw: unknown, where: string): OptionValue {
  const fail = (expected: string): never => {
    throw new UsageError(`${where} needs ${expected}, got ${typeof raw === "string" ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw)}`);
  };
  const kind: OptionKind = spec.kind;
  switch (kind.type) {
    case "string":
    case "file":
      return typeof raw === "string" && raw.length > 0 ? raw : fail("a non-empty string");
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string" && /^(1|true|yes|on)$/i.test(raw)) return true;
      if (typeof raw === "string" && /^(0|false|no|off|)$/i.test(raw)) return false;
      return fail("true or false");
    case "choice":
      return typeof raw === "string" && kind.choices.includes(raw) ? raw : fail(`one of ${kind.choices.join(", ")}`);
    case "list": {
      const items = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : fail("a comma-separated list");
      if (!items.every((item): item is string => typeof item === "string")) return fail("a list of strings");
      return items.map((item) => item.trim()).filter((item) => item.length > 0);
    }
    case "integer": {
      const max = kind.max ?? Number.MAX_SAFE_INTEGER;
      const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
      const value = Number(text);
      return /^-?\d+$/.test(text) && Number.isSafeInteger(value) && value >= kind.min && value <= max ? value : fail(`an integer in [${kind.min}, ${max}]`);
    }
    case "number": {
      const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
      const value = Number(text);
      const ok = text !== "" && Number.isFinite(value) && (kind.exclusive ? value > kind.min : value >= kind.min);
      return ok ? value : fail(`a number ${kind.exclusive ? ">" : ">="} ${kind.min}`);
    }
  }
}

/**
 * `--flag value` becomes `--flag=value` for options that take a value, so that a value starting
 * with a dash (`--outbound-buffer-size -1`) is read as the value, as users expect; pnpm's lone
 * `--` is dropped.
 */
function joinValues(spec: readonly OptionSpec[], argv: readonly string[]): string[] {
  const takesValue = new Set(spec.filter((o) => o.kind.type !== "boolean").flatMap((o) => [o.flag, ...(o.short ? [o.short] : [])]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const next = argv[i + 1];
    if (takesValue.has(arg) && next !== undefined) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function readArgv(spec: readonly OptionSpec[], argv: readonly string[]): { given: Map<string, unknown>; positionals: string[] } {
  const options = Object.fromEntries(
    spec.map((o) => [o.flag.slice(2), { type: o.kind.type === "boolean" ? "boolean" : "string", multiple: o.kind.type === "list", ...(o.short ? { short: o.short.slice(1) } : {}) }] as const),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinValues(spec, argv), options: options as never, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's messages name the option ("Unknown option '--x'", "Option '--port <value>' argument missing").
    const first = (error as Error).message.split("\n")[0]!;
    throw new UsageError(first.replace(/^Option '(--[\w-]+) <value>' argument missing$/, "$1 needs a value").replace(/^(Unknown option '[^']*')\..*$/, "$1"));
  }
  const given = new Map<string, unknown>();
  for (const o of spec) {
    const value = (parsed.values as Record<string, unknown>)[o.flag.slice(2)];
    if (value === undefined) continue;
    given.set(o.key, Array.isArray(value) ? value.join(",") : value);
  }
  return { given, positionals: parsed.positionals };
}

function readConfig(spec: readonly OptionSpec[], path: string, read: (path: string) => string): Map<string, unknown> {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new UsageError(`the config file ${path} must hold one JSON object of settings`);
  const known = new Map(spec.filter((o) => o.env !== undefined && o.key !== "config").map((o) => [o.key, o]));
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    if (!known.has(key)) throw new UsageError(`the config file ${path} has an unknown setting "${key}" (settings are the flags' camelCase names, e.g. "maxPeers")`);
    out.set(key, value);
  }
  return out;
}

/** Reads the settings of `spec` from argv, then the environment, then a config file (`--config` / `WSMP_CONFIG`), then defaults. Throws `UsageError`. */
export function parseOptions(spec: readonly OptionSpec[], sources: OptionSources): ParsedOptions {
  const env = sources.env ?? {};
  const { given, positionals } = readArgv(spec, sources.argv);
  const configSpec = spec.find((o) => o.key === "config");
  const configPath = (given.get("config") as string | undefined) ?? (configSpec?.env ? env[configSpec.env] : undefined);
  const config = configSpec && configPath ? readConfig(spec, configPath, sources.readFile ?? ((p) => readFileSync(p, "utf8"))) : new Map<string, unknown>();
  const values: Record<string, OptionValue | undefined> = {};
  for (const o of spec) {
    const fromEnv = o.env ? env[o.env] : undefined;
    if (given.has(o.key)) values[o.key] = convert(o, given.get(o.key), o.flag);
    else if (fromEnv !== undefined && fromEnv !== "") values[o.key] = convert(o, fromEnv, o.env!);
    else if (config.has(o.key)) values[o.key] = convert(o, config.get(o.key), `${o.key} in ${configPath}`);
    else values[o.key] = sources.defaults?.[o.key] ?? o.default;
  }
  return { values, positionals };
}
