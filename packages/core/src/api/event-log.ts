import type { MultiplayerServer } from "./multiplayer-server.js";
import type { ListenResult } from "../contract/transport.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import type { CloseInfo, HandshakeFailure, ProtocolErrorInfo } from "../engine/server-engine-events.js";
import type { Runtime } from "../contract/transport.js";

/**
 * A server's event log: one record per connection, close (code and reason), handshake failure,
 * protocol error and dropped packet, plus the server's own start and stop and, for a server of
 * sessions, each session's creation, close and refused joins. Off by default; the `log` option of
 * `createServer` / `createSessionServer`, or `WSMP_LOG` / `DEBUG=wsmp` on Node and Bun, turns it
 * on. Pure: records go to a function; the adapters write them as lines.
 */

/** How a record is written as a line: `key=value` text or one JSON object. */
export type LogFormat = "text" | "json";

/** One event. `event` names it (the server event it comes from); the other fields depend on it. */
export interface LogRecord {
  readonly event: string;
  readonly [field: string]: string | number | boolean | undefined;
}

/** The `log` option: `true` / `"text"` / `"json"` writes lines where the runtime writes them (stderr), a function gets the records, `false` is off even when the environment turns logs on. */
export type LogOption = boolean | LogFormat | ((record: LogRecord) => void);

/** Dropped packets are logged at most once per second per peer and reason; the others are counted in the next line's `suppressed`. */
export const DROP_LOG_INTERVAL_MS = 1000;

/** The log format the environment asks for: `WSMP_LOG` (`1`/`text`/`json`, `0`/`off` for none), else `DEBUG` naming `wsmp` (`wsmp`, `wsmp*`, `*`), else none. */
export function logFormatFromEnv(env: { readonly WSMP_LOG?: string | undefined; readonly DEBUG?: string | undefined }): LogFormat | undefined {
  const setting = env.WSMP_LOG?.trim().toLowerCase();
  if (setting !== undefined && setting !== "") {
    if (["0", "off", "false", "no", "none"].includes(setting)) return undefined;
    return setting === "json" ? "json" : "text";
  }
  const patterns = (env.DEBUG ?? "").split(/[\s,]+/).filter((p) => p.length > 0);
  if (patterns.some((p) => p === "-wsmp" || p === "-wsmp*" || p === "-wsmp:*")) return undefined;
  return patterns.some((p) => p === "*" || p === "wsmp" || p.startsWith("wsmp:") || p === "wsmp*") ? "text" : undefined;
}

function textValue(value: string | number | boolean): string {
  return typeof value === "string" && (value === "" || /[\s"=]/.test(value)) ? JSON.stringify(value) : String(value);
}

/** One line (no newline): `<time> wsmp <event> key=value ...` or a JSON object with `time` first when given. */
export function formatLogRecord(record: LogRecord, format: LogFormat, time?: string): string {
  const fields = Object.entries(record).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[0] !== "event");
  if (format === "json") return JSON.stringify({ ...(time === undefined ? {} : { time }), event: record.event, ...Object.fromEntries(fields) });
  const head = `${time === undefined ? "" : `${time} `}wsmp ${record.event}`;
  return [head, ...fields.map(([key, value]) => `${key}=${textValue(value)}`)].join(" ");
}

type Emit = (record: LogRecord) => void;

/** Logs one `MultiplayerServer` (or one session, whose records then carry `session`). Returns a function that stops logging. */
export function logServerEvents(server: MultiplayerServer, emit: Emit, now: () => number, session?: string): () => void {
  const lastDrop = new Map<string, { at: number; suppressed: number }>();
  const listeners = {
    listening: (address: ListenResult) => emit({ event: "listening", session, address: address.address, port: address.port }),
    peer_connected: (id: number, protocol: string) =>
      emit({ event: "peer_connected", session, peer: id, address: server.getPeerAddress(id), port: server.getPeerPort(id), protocol: protocol || undefined }),
    peer_disconnected: (id: number, info: CloseInfo) => {
      for (const key of lastDrop.keys()) if (key.startsWith(`${id} `)) lastDrop.delete(key);
      emit({ event: "peer_disconnected", session, peer: id, code: info.code, reason: info.reason, clean: info.wasClean, byServer: info.byServer });
    },
    handshake_failed: (info: HandshakeFailure) =>
      emit({ event: "handshake_failed", session, address: info.remoteAddress, port: info.remotePort, code: info.code, refusal: info.refusal, reason: info.reason }),
    protocol_error: (info: ProtocolErrorInfo) => emit({ event: "protocol_error", session, peer: info.peer, code: info.code, closeCode: info.closeCode, message: info.message }),
    packet_dropped: (info: DropInfo) => {
      const key = `${info.peer} ${info.direction} ${info.code}`;
      const at = now();
      const last = lastDrop.get(key);
      if (last && at - last.at < DROP_LOG_INTERVAL_MS) {
        last.suppressed++;
        return;
      }
      lastDrop.set(key, { at, suppressed: 0 });
      emit({ event: "packet_dropped", session, peer: info.peer, direction: info.direction, size: info.size, code: info.code, reason: info.reason, suppressed: last?.suppressed || undefined });
    },
    close: () => emit({ event: "close", session }),
  };
  const names = Object.keys(listeners) as (keyof typeof listeners)[];
  // A session's own listening and close are the server of sessions' to report.
  const own = session === undefined ? names : names.filter((name) => name !== "listening" && name !== "close");
  for (const name of own) server.events.on(name, listeners[name] as never);
  return () => {
    for (const name of own) server.events.off(name, listeners[name] as never);
  };
}

/**
 * Where the records of a server with `log` option `option` go: the function given, lines written
 * by the runtime in the format asked for (or, when the option is left out, the one its
 * environment asks for), or nowhere (undefined).
 */
export function logSink(option: LogOption | undefined, runtime: Runtime): ((record: LogRecord) => void) | undefined {
  if (option === false) return undefined;
  if (typeof option === "function") return option;
  const out = runtime.log;
  if (!out) return undefined;
  const format = option === true ? "text" : (option ?? logFormatFromEnv(out.env()));
  if (format === undefined) return undefined;
  return (record) => out.write(formatLogRecord(record, format, out.time?.()));
}
