import { InvalidArgumentError } from "../../shared/errors.js";
import type { SceneCommand } from "./scene-codec.js";

/**
 * What an auth callback may return (directly or through a promise):
 * - `true`: this side is satisfied; wsmp calls `completeAuth(id)` for you (unless you already did);
 * - `false`: authentication failed; the peer is disconnected (1000) and `peer_authentication_failed` fires;
 * - nothing: keep going (send more with `sendAuth`, finish later with `completeAuth`).
 * A callback that throws or rejects fails the peer like `false` (reason `callback_error`).
 */
export type SceneAuthResult = boolean | undefined | void;

/** Called with every authentication payload (`07 00 <data>`) the remote side sends. */
export type SceneAuthCallback = (id: number, data: Uint8Array) => SceneAuthResult | Promise<SceneAuthResult>;

/**
 * Decides whether a relayed packet from `source` may reach `destination` (a client id, never 1).
 * `command` is the inner packet's command (0 remote call ... 6 sync).
 */
export type RelayFilter = (source: number, destination: number, command: SceneCommand) => boolean;

/** The relay policies a server owner can pick. */
export const RelayMode = {
  /** Godot's default: every join and leave is announced, every relayed packet forwarded. */
  GODOT: "godot",
  /** Clients only talk to the server: no join/leave announcements, nothing forwarded between clients. */
  SERVER_ONLY: "server-only",
} as const;
export type RelayMode = (typeof RelayMode)[keyof typeof RelayMode];

/** `"godot"`, `"server-only"`, or a filter (joins are announced as with `"godot"`; each forward is asked). */
export type RelayPolicy = RelayMode | RelayFilter;

/** Why a peer's authentication ended without admission. */
export const AuthFailureReason = {
  /** `authTimeout` passed before both sides completed. */
  TIMEOUT: "timeout",
  /** The auth callback returned (or resolved to) `false`. */
  REJECTED: "rejected",
  /** The auth callback threw or its promise rejected; the error is passed along. */
  CALLBACK_ERROR: "callback_error",
  /** The connection closed while authenticating. */
  DISCONNECTED: "disconnected",
} as const;
export type AuthFailureReason = (typeof AuthFailureReason)[keyof typeof AuthFailureReason];

/** The `scene` option of a server: Godot 4's SceneMultiplayer with wsmp as peer 1. */
export interface SceneServerOptions {
  /** Default `"godot"`. */
  readonly relay?: RelayPolicy | undefined;
  /** When set, every new peer must authenticate in-band before it is admitted (Godot's `auth_callback`). */
  readonly auth?: SceneAuthCallback | undefined;
  /** Seconds a peer may spend authenticating; 0 = no limit. Default 3 (Godot's `auth_timeout`). */
  readonly authTimeout?: number | undefined;
}

/** The `scene` option of a client. */
export interface SceneClientOptions {
  /** When set, the client authenticates the server before treating it as connected. */
  readonly auth?: SceneAuthCallback | undefined;
  /** Seconds the authentication may take once the id arrived; 0 = no limit. Default 3. */
  readonly authTimeout?: number | undefined;
}

export interface ResolvedSceneOptions {
  readonly relay: RelayPolicy;
  readonly auth: SceneAuthCallback | undefined;
  /** Milliseconds; 0 = no limit. */
  readonly authTimeoutMs: number;
}

export const DEFAULT_AUTH_TIMEOUT = 3;

/** Validates a `scene` option (`true` = every default). Throws `InvalidArgumentError`. */
export function resolveSceneOptions(given: true | SceneServerOptions | SceneClientOptions): ResolvedSceneOptions {
  const options: SceneServerOptions = given === true ? {} : given;
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError("scene must be true or an options object");
  const relay = options.relay ?? RelayMode.GODOT;
  if (relay !== RelayMode.GODOT && relay !== RelayMode.SERVER_ONLY && typeof relay !== "function") {
    throw new InvalidArgumentError(`scene.relay must be "godot", "server-only" or a filter function, got ${String(relay)}`);
  }
  if (options.auth !== undefined && typeof options.auth !== "function") throw new InvalidArgumentError("scene.auth must be a function");
  const timeout = options.authTimeout ?? DEFAULT_AUTH_TIMEOUT;
  // Number.isFinite is false for anything that is not a number.
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new InvalidArgumentError(`scene.authTimeout must be a number of seconds >= 0, got ${String(timeout)}`);
  }
  return { relay, auth: options.auth, authTimeoutMs: Math.round(timeout * 1000) };
}
