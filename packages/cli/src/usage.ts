import { OPTION_GROUPS, type OptionGroup, type OptionSpec } from "./option-spec.js";

/** Columns of the `--help` text. */
const LINE_WIDTH = 100;

function valueHint(option: OptionSpec): string {
  const kind = option.kind;
  if (kind.type === "boolean") return "";
  if (option.arg) return ` ${option.arg}`;
  if (kind.type === "choice") return ` ${kind.choices.join("|")}`;
  return " VALUE";
}

function defaultHint(option: OptionSpec): string {
  const value = option.default;
  if (value === undefined || value === false || option.kind.type === "boolean") return "";
  return ` (default ${Array.isArray(value) ? value.join(",") : String(value)})`;
}

/** Splits `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The option lines of `--help`, grouped, each with its variable: `  --port N   port to listen on (default 9080) [WSMP_PORT]`. */
export function optionLines(spec: readonly OptionSpec[]): string {
  const rows = spec.map((o) => ({ group: o.group, left: `  ${o.short ? `${o.short}, ` : ""}${o.flag}${valueHint(o)}`, right: `${o.help}${defaultHint(o)}${o.env ? ` [${o.env}]` : ""}` }));
  const width = Math.min(40, Math.max(...rows.map((r) => r.left.length)) + 2);
  const out: string[] = [];
  for (const group of Object.keys(OPTION_GROUPS) as OptionGroup[]) {
    const inGroup = rows.filter((r) => r.group === group);
    if (inGroup.length === 0) continue;
    out.push("", `${OPTION_GROUPS[group]}:`);
    for (const row of inGroup) {
      const [first = "", ...rest] = wrap(row.right, Math.max(30, LINE_WIDTH - width));
      out.push(row.left.length + 1 > width ? `${row.left}\n${" ".repeat(width)}${first}` : `${row.left.padEnd(width)}${first}`);
      for (const more of rest) out.push(`${" ".repeat(width)}${more}`);
    }
  }
  return out.join("\n");
}

/** The whole `wsmp --help` text. */
export function relayUsage(spec: readonly OptionSpec[]): string {
  return `Usage: wsmp relay [options]

A Godot-compatible WebSocket multiplayer server with no code: Godot 4 clients
(WebSocketMultiplayerPeer with SceneMultiplayer) join and reach each other through
it by default; --dialect godot3 serves Godot 3 (gd_mp_api = true), raw relays plain
messages. Settings come from flags, then WSMP_* variables, then --config FILE (JSON).
${optionLines(spec)}

Logs: one line per event on stdout (--log-format json for JSON, --quiet for none).
Signals: SIGTERM or SIGINT refuse new peers, close every peer with 1001, wait up to
--shutdown-timeout for the sockets, and exit 0.
Exit codes: 0 stopped cleanly, 1 could not start (port in use, bad TLS files),
2 bad command line, variable or config file.

Examples:
  npx @wsmp/cli relay --port 9080
  npx @wsmp/cli relay --dialect godot3 --max-peers 64 --token s3cret
  npx @wsmp/cli relay --tls-key key.pem --tls-cert cert.pem --metrics-port 9100
  npx @wsmp/cli relay --sessions --max-sessions 100   # ws://host:9080/<session>
  Godot 4 client with a token: create_client("ws://host:9080/?token=s3cret")`;
}

/** What a usage error prints before the exit with code 2. */
export function usageHint(message: string): string {
  return `wsmp: ${message}\nRun "wsmp relay --help" for the options.`;
}
