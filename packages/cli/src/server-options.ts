import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AdmissionHook, AdmissionRequest, SessionServerOptions, TlsServerOptions } from "@wsmp/core";
import { TLSOptions } from "@wsmp/core";
import { optionsIn } from "./option-spec.js";
import type { OptionValues } from "./parse-options.js";
import { UsageError } from "./parse-options.js";

/** The settings that go to the server as they are (same names as `createServer`'s options): Godot's limits, the protections, extra headers. */
const PASSED_AS_IS: readonly string[] = [...optionsIn("limits", "hardening").map((o) => o.key), "handshakeHeaders"];

/** The session a URL without a path joins when `--sessions` is on and `--default-session` is not given. */
export const DEFAULT_SESSION = "lobby";

/**
 * The options of `createServer` / `createSessionServer` that parsed settings stand for: the
 * limits and protections, subprotocols, the dialect with the SceneMultiplayer relay for godot4
 * (unless `--relay off`), and with `--sessions` the session rules.
 */
export function serverOptionsOf(values: OptionValues): SessionServerOptions {
  const out: Record<string, unknown> = {};
  for (const key of PASSED_AS_IS) if (values[key] !== undefined) out[key] = values[key];
  if (values["protocols"] !== undefined) out["supportedProtocols"] = values["protocols"];
  const dialect = (values["dialect"] as string | undefined) ?? "godot4";
  out["dialect"] = dialect;
  const relay = (values["relay"] as string | undefined) ?? "godot";
  if (dialect === "godot4" && relay !== "off") out["scene"] = { relay };
  if (values["sessions"] === true) {
    out["defaultSession"] = values["defaultSession"] ?? DEFAULT_SESSION;
    for (const key of ["createSessions", "maxSessions", "emptyTimeout"] as const) if (values[key] !== undefined) out[key] = values[key];
  }
  return out as SessionServerOptions;
}

/** The server's TLS options from `--tls-key` / `--tls-cert` / `--tls-ca`, read now; undefined without a key. */
export function tlsOf(values: OptionValues, read: (path: string) => string = (p) => readFileSync(p, "utf8")): TlsServerOptions | undefined {
  const [key, cert, ca] = [values["tlsKey"], values["tlsCert"], values["tlsCa"]] as (string | undefined)[];
  if (key === undefined && cert === undefined) {
    if (ca !== undefined) throw new UsageError("--tls-ca needs --tls-key and --tls-cert");
    return undefined;
  }
  if (key === undefined || cert === undefined) throw new UsageError("TLS needs both --tls-key and --tls-cert");
  const file = (path: string, what: string): string => {
    try {
      return read(path);
    } catch (error) {
      throw new UsageError(`cannot read the TLS ${what} ${path}: ${(error as Error).message}`);
    }
  };
  return TLSOptions.server(file(key, "key"), file(cert, "certificate"), ca === undefined ? undefined : file(ca, "CA chain"));
}

/** The token from `--token` or `--token-file` (its first line), or undefined. */
export function tokenOf(values: OptionValues, read: (path: string) => string = (p) => readFileSync(p, "utf8")): string | undefined {
  if (values["token"] !== undefined && values["tokenFile"] !== undefined) throw new UsageError("give --token or --token-file, not both");
  if (values["tokenFile"] !== undefined) {
    let text: string;
    try {
      text = read(values["tokenFile"] as string);
    } catch (error) {
      throw new UsageError(`cannot read the token file ${String(values["tokenFile"])}: ${(error as Error).message}`);
    }
    const token = text.split(/\r?\n/, 1)[0]!.trim();
    if (token === "") throw new UsageError(`the token file ${String(values["tokenFile"])} is empty`);
    return token;
  }
  return values["token"] as string | undefined;
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/**
 * The token a connection presents: the `token` query parameter (what a Godot 4 or browser
 * client can always send: `ws://host:9080/?token=...`), else `Authorization: Bearer ...`, else
 * `X-Wsmp-Token` (Godot 4 `handshake_headers`, Godot 3 `custom_headers`, Node and Bun clients).
 */
export function presentedToken(request: Pick<AdmissionRequest, "path" | "headers">): string | undefined {
  const query = request.path.indexOf("?");
  if (query >= 0) {
    const fromUrl = new URLSearchParams(request.path.slice(query + 1)).get("token");
    if (fromUrl !== null) return fromUrl;
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers["authorization"] ?? "")?.[1];
  return bearer?.trim() ?? request.headers["x-wsmp-token"];
}

/**
 * The admission hook of the relay: while `draining()` every upgrade is refused with 503 (a
 * shutdown has begun); with a token, a connection that does not present it gets 401. The
 * comparison takes the same time whatever the presented token.
 */
export function relayAdmission(token: string | undefined, draining: () => boolean): AdmissionHook {
  const expected = token === undefined ? undefined : digest(token);
  return (request) => {
    if (draining()) return { status: 503, reason: "the server is shutting down" };
    if (expected === undefined) return true;
    const given = presentedToken(request);
    return given !== undefined && timingSafeEqual(digest(given), expected) ? true : { status: 401, reason: "a valid token is required" };
  };
}
