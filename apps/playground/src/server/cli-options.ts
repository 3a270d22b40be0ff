import type { DialectName } from "@wsmp/core";

/** How the playground server runs, from its command line. */
export interface PlaygroundOptions {
  readonly runtime: "node" | "bun";
  readonly port: number;
  readonly bind: string;
  readonly dialect: DialectName;
  readonly handshakeTimeout?: number | undefined;
  readonly inboundBufferSize?: number | undefined;
  readonly maxQueuedPackets?: number | undefined;
  readonly outboundBufferSize?: number | undefined;
  readonly protocols?: readonly string[] | undefined;
  /** Print one line per join and leave. */
  readonly quiet: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm start -- [options]

  --runtime node|bun           runtime of the server (default node)
  --port N                     HTTP and WebSocket port, 0 for any free one (default 8080)
  --bind ADDRESS               interface to listen on, "*" for all (default *)
  --dialect godot4|godot3|raw  wire protocol (default godot4)
  --handshake-timeout S        seconds from TCP accept to the peer's id (default 3)
  --inbound-buffer-size N      largest incoming message and bytes queued per peer (default 65535)
  --max-queued-packets N       packets queued per peer (default 2048)
  --outbound-buffer-size N     bytes waiting to be sent per peer (default 65535)
  --protocols a,b              WebSocket subprotocols the server accepts (default none)
  --quiet                      no line per join and leave
  --help                       this text`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const DIALECTS: readonly string[] = ["godot4", "godot3", "raw"];

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} needs an integer in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parses `--flag value` and `--flag=value`. Throws `UsageError` with a message for the user. */
export function parseOptions(argv: readonly string[]): PlaygroundOptions {
  const out: {
    -readonly [K in keyof PlaygroundOptions]: PlaygroundOptions[K];
  } = { runtime: "node", port: 8080, bind: "*", dialect: "godot4", quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    // pnpm passes a lone "--" through when run as `pnpm start -- ...`.
    if (arg === "--") continue;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--runtime": {
        const runtime = value();
        if (runtime !== "node" && runtime !== "bun") throw new UsageError(`--runtime must be node or bun, got "${runtime}"`);
        out.runtime = runtime;
        break;
      }
      case "--port":
        out.port = integer(flag, value(), 0, 65535);
        break;
      case "--bind":
        out.bind = value();
        break;
      case "--dialect": {
        const dialect = value();
        if (!DIALECTS.includes(dialect)) throw new UsageError(`--dialect must be one of ${DIALECTS.join(", ")}, got "${dialect}"`);
        out.dialect = dialect as DialectName;
        break;
      }
      case "--handshake-timeout": {
        const text = value();
        const seconds = Number(text);
        if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
          throw new UsageError(`--handshake-timeout needs a positive number of seconds, got "${text}"`);
        }
        out.handshakeTimeout = seconds;
        break;
      }
      case "--inbound-buffer-size":
        out.inboundBufferSize = integer(flag, value(), 1);
        break;
      case "--max-queued-packets":
        out.maxQueuedPackets = integer(flag, value(), 1);
        break;
      case "--outbound-buffer-size":
        out.outboundBufferSize = integer(flag, value(), -1);
        break;
      case "--protocols":
        out.protocols = value()
          .split(",")
          .map((p) => p.trim())
          .filter((p) => p.length > 0);
        break;
      case "--quiet":
        out.quiet = true;
        break;
      case "--help":
      case "-h":
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return out;
}

/** The flags that reproduce `options`, for handing them to a child process. */
export function toArgs(options: PlaygroundOptions): string[] {
  const args = ["--runtime", options.runtime, "--port", String(options.port), "--bind", options.bind, "--dialect", options.dialect];
  if (options.handshakeTimeout !== undefined) args.push("--handshake-timeout", String(options.handshakeTimeout));
  if (options.inboundBufferSize !== undefined) args.push("--inbound-buffer-size", String(options.inboundBufferSize));
  if (options.maxQueuedPackets !== undefined) args.push("--max-queued-packets", String(options.maxQueuedPackets));
  if (options.outboundBufferSize !== undefined) args.push("--outbound-buffer-size", String(options.outboundBufferSize));
  if (options.protocols !== undefined) args.push("--protocols", options.protocols.join(","));
  if (options.quiet) args.push("--quiet");
  return args;
}
