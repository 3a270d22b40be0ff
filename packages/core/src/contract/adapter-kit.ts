import { GodotError } from "../shared/constants.js";
import { ErrorCode, WsmpError } from "../shared/errors.js";
import type { Runtime, RuntimeLog } from "./transport.js";

/**
 * The small pieces every adapter needs in the same form: reading the offered subprotocols, the
 * address of an IPv4 peer on a dual-stack socket, the host and port of a URL, and what a failed
 * bind means in Godot's error numbers. Adapters use these instead of writing their own.
 */

/** The subprotocols a client offered, from its `Sec-WebSocket-Protocol` header: trimmed, empty entries left out. */
export function offeredProtocols(header: string | null | undefined): string[] {
  if (header === undefined || header === null) return [];
  const out: string[] = [];
  for (const part of header.split(",")) {
    const name = part.trim();
    if (name.length > 0) out.push(name);
  }
  return out;
}

/** "::ffff:1.2.3.4" (an IPv4 peer on a dual-stack socket) becomes "1.2.3.4"; other addresses are kept. */
export function plainAddress(address: string | null | undefined): string {
  if (address === undefined || address === null) return "";
  return address.toLowerCase().startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * The host and port a ws:// or wss:// URL points at (80 and 443 by default), brackets removed
 * from an IPv6 host: what a client reports as the server's address when its runtime does not
 * tell. An unparsable URL gives `{ host: "", port: 0 }`.
 */
export function urlEndpoint(url: string): { readonly host: string; readonly port: number } {
  const match = /^(wss?):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?/i.exec(url);
  if (!match) return { host: "", port: 0 };
  const secure = match[1]!.toLowerCase() === "wss";
  const host = match[2]!.replace(/^\[(.*)\]$/, "$1");
  const port = match[3] !== undefined && match[3] !== "" ? Number(match[3]) : secure ? 443 : 80;
  return { host, port: Number.isInteger(port) && port <= 65535 ? port : 0 };
}

/**
 * Godot's error for a failed bind, from the runtime error's `code`: ERR_ALREADY_IN_USE when the
 * port is taken, ERR_INVALID_PARAMETER when the address cannot be bound on this host (or does
 * not resolve), ERR_CANT_CREATE for anything else (no permission, no socket).
 */
export function bindGodotError(code: string): GodotError {
  if (code === "EADDRINUSE") return GodotError.ERR_ALREADY_IN_USE;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EINVAL" || code.startsWith("EAI_")) return GodotError.ERR_INVALID_PARAMETER;
  return GodotError.ERR_CANT_CREATE;
}

/** The `WsmpError` (code WSMP_ERR_TRANSPORT) a transport's `listen` rejects with when binding fails. */
export function bindError(error: unknown, port: number, address: string): WsmpError {
  const fields = typeof error === "object" && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const code = typeof fields.code === "string" ? fields.code : "";
  const message = typeof fields.message === "string" ? fields.message : String(error);
  return new WsmpError(ErrorCode.TRANSPORT, `cannot listen on ${address}:${port}: ${message}`, { godotError: bindGodotError(code), cause: error });
}

/**
 * The `WsmpError` (code WSMP_ERR_TLS) a transport's `listen` rejects with when its runtime refuses
 * the key or certificate (unparsable PEM, a key that does not match the certificate...), so every
 * adapter fails the same way instead of throwing the TLS library's own error.
 */
export function tlsError(error: unknown): WsmpError {
  const message = typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string" ? (error as { message: string }).message : String(error);
  return new WsmpError(ErrorCode.TLS, `the TLS key or certificate cannot be used: ${message}`, { godotError: GodotError.ERR_INVALID_PARAMETER, cause: error });
}

/**
 * Checks before the runtime sees them that a key and a certificate are PEM blocks of the right
 * kind, so a file mixed up or left empty gets one clear error on every runtime. Throws `tlsError`.
 */
export function checkServerPem(key: string, certificate: string): void {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw tlsError(new Error("the key is not a PEM private key (-----BEGIN ... PRIVATE KEY-----)"));
  if (!/-----BEGIN CERTIFICATE-----/.test(certificate)) throw tlsError(new Error("the certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)"));
}

/** The timer and clock functions a JavaScript host has, as `runtimeOf` takes them. */
export interface HostTimers {
  now(): number;
  setTimeout(fn: () => void, delayMs: number): unknown;
  clearTimeout(handle: never): void;
  random(target: Uint32Array): Uint32Array;
  /** The host's error console (`console.error`): errors nobody listened for are printed there (`logUnhandledError`). */
  printError?(...args: unknown[]): void;
  /** Where server event logs go (`Runtime.log`). */
  log?: RuntimeLog;
}

/**
 * A `Runtime` over a host's own timer functions. Where a timer handle has `unref` (Node, Bun),
 * it is called, so that a deadline never keeps the process alive by itself: open sockets do.
 */
export function runtimeOf(host: HostTimers): Runtime {
  return {
    now: () => host.now(),
    setTimer(delayMs, fn) {
      const handle = host.setTimeout(fn, delayMs);
      (handle as { unref?: () => void } | null)?.unref?.();
      return () => host.clearTimeout(handle as never);
    },
    random: (target) => host.random(target),
    ...(host.printError ? { reportError: logUnhandledError((...args) => host.printError!(...args)) } : {}),
    ...(host.log ? { log: host.log } : {}),
  };
}

/**
 * How an adapter's runtime reports an error nobody listened for: one line on `console.error`
 * naming what happened, then the error itself. The process keeps running.
 */
export function logUnhandledError(print: (...args: unknown[]) => void): (error: unknown) => void {
  return (error) => {
    try {
      print("wsmp: an event listener threw and no 'error' listener took it; the peer keeps running:", error);
    } catch {
      // Printing must never take the caller down.
    }
  };
}

/** What `processLog` reads of a Node-like `process`. */
export interface ProcessLike {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderr: { write(text: string): unknown };
}

/**
 * The `Runtime.log` of a host with a Node-like `process` (Node, Bun): settings from its
 * environment, lines on its stderr, stamped with `time()`.
 */
export function processLog(host: ProcessLike, time: () => string): RuntimeLog {
  return {
    env: () => ({ WSMP_LOG: host.env["WSMP_LOG"], DEBUG: host.env["DEBUG"] }),
    write(line) {
      try {
        host.stderr.write(`${line}\n`);
      } catch {
        // A log line must never take the server down.
      }
    },
    time,
  };
}

/**
 * Which requests a server mounted at `prefix` on an application's HTTP server takes, by request
 * target (path and query): the target its core sees, with the prefix removed (`/play` takes
 * `/play` as `/` and `/play/match-42` as `/match-42`), or undefined for a request that is not its.
 * An empty prefix takes every target as it is.
 */
export function mountedPath(prefix: string): (target: string) => string | undefined {
  const base = prefix.replace(/\/+$/, "");
  return (target) => {
    if (base === "") return target;
    const pathname = target.split("?")[0] ?? "/";
    if (pathname !== base && !pathname.startsWith(`${base}/`)) return undefined;
    const rest = target.slice(base.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  };
}

/**
 * Headers kept as one flat string until someone reads them: what a connection holds for its
 * peer's request (or response) headers instead of an object of strings per peer. Names and values
 * never hold a line break (HTTP forbids it), so `name\nvalue\n...` cannot be misread.
 */
export function packHeaders(headers: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const name in headers) parts.push(name, headers[name]!);
  return parts.join("\n");
}

/** The record `packHeaders` packed: a new object each call, names as they were packed. */
export function unpackHeaders(packed: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (packed === "") return out;
  const parts = packed.split("\n");
  for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]!] = parts[i + 1]!;
  return out;
}
