import type { ServerOptions } from "../api/peer-factories.js";
import type { PendingSocket, ServerLink } from "../contract/connection.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { checkSessionName, SessionCreation } from "./session-rules.js";

/** Options of one session: a server's options (peer settings, limits, dialect, scene) and when an empty session closes. */
export interface SessionOptions extends ServerOptions {
  /**
   * Seconds a session may stay without peers (none connected, none in its handshake) before it
   * closes itself; 0 keeps it until it is closed. Counted from its creation and from its last
   * peer's departure. Default 60.
   */
  readonly emptyTimeout?: number | undefined;
}

/** Options of `createSessionServer`: every session's defaults, and the rules of the session table. */
export interface SessionServerOptions extends SessionOptions {
  /** Who may create a session: the first join to a name ("on-join", the default), or only `createSession` ("application"). */
  readonly createSessions?: SessionCreation | undefined;
  /**
   * The session a path that names none ("/") joins, so a client whose URL has no path (a Godot
   * game's `ws://host:port`) still reaches one. Omitted: such a join is refused with HTTP 404.
   */
  readonly defaultSession?: string | undefined;
  /** Open sessions at most (0: no cap, the default). A join that would create one more gets HTTP 503. */
  readonly maxSessions?: number | undefined;
  /**
   * Asked for a join to a name that has no session here, before the creation rule: a cluster
   * answers with the node that owns the name. Omitted: every name is placed here.
   */
  readonly locate?: SessionLocator | undefined;
}

/** What `locate` is asked. */
export interface LocateRequest {
  readonly name: string;
  readonly path: string;
  readonly socket: PendingSocket;
  /** When the TCP connection was accepted (the handshake clock's start). */
  readonly acceptedAt: number;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** True when this server creates a session on its first join (`createSessions: "on-join"`). */
  readonly createOnJoin: boolean;
}

/**
 * `locate`'s answer: "here" applies this server's own rules (join, create on join, or refuse);
 * "there" hands the connection to `link` (a bridge to the node that owns the session), which
 * then sees every event of the connection; "refuse" answers the upgrade with `status`.
 */
export type Placement =
  | { readonly place: "here" }
  | { readonly place: "there"; readonly link: ServerLink }
  | { readonly place: "refuse"; readonly status: number; readonly reason: string };

export type SessionLocator = (request: LocateRequest) => Placement | Promise<Placement>;

export const DEFAULT_EMPTY_TIMEOUT = 60;

/** The keys of `SessionServerOptions` that are not a session's own. */
const HOST_KEYS = ["createSessions", "defaultSession", "maxSessions", "locate"] as const;

export interface HostRules {
  readonly creation: SessionCreation;
  readonly maxSessions: number;
  readonly locate: SessionLocator | undefined;
  readonly defaultSession: string | undefined;
}

/** Splits and validates `createSessionServer`'s options: the host's rules, and every session's defaults. */
export function splitSessionServerOptions(options: SessionServerOptions): [HostRules, SessionOptions] {
  const defaults: Record<string, unknown> = { ...options };
  for (const key of HOST_KEYS) delete defaults[key];
  const creation = options.createSessions ?? SessionCreation.ON_JOIN;
  if (!Object.values(SessionCreation).includes(creation)) throw new InvalidArgumentError(`createSessions must be "on-join" or "application", got ${String(creation)}`);
  const maxSessions = options.maxSessions ?? 0;
  if (!Number.isInteger(maxSessions) || maxSessions < 0) throw new InvalidArgumentError(`maxSessions must be an integer >= 0 (0: no cap), got ${String(maxSessions)}`);
  if (options.locate !== undefined && typeof options.locate !== "function") throw new InvalidArgumentError("locate must be a function");
  if (options.defaultSession !== undefined) checkSessionName(options.defaultSession);
  emptyTimeoutOf(options);
  return [{ creation, maxSessions, locate: options.locate, defaultSession: options.defaultSession }, defaults as SessionOptions];
}

/** A session's `emptyTimeout` in seconds, validated. */
export function emptyTimeoutOf(options: SessionOptions): number {
  const value = options.emptyTimeout ?? DEFAULT_EMPTY_TIMEOUT;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`emptyTimeout must be a number of seconds >= 0 (0: never), got ${String(value)}`);
  return value;
}
