import { InvalidArgumentError } from "../shared/errors.js";

/**
 * Which session a join reaches, and what a join that reaches none gets. One table, rules first.
 *
 * Rules (one upgrade request on a server of sessions):
 * 1. The session is named by the first segment of the request path, percent-decoded:
 *    `/match-42`, `/match-42/` and `/match-42?team=red` all name "match-42". A name is 1-64
 *    characters of `A-Z a-z 0-9 _ - .` (`isSessionName`). A path that names none ("/", a bad
 *    name) joins `defaultSession` when one is set, else it is refused with HTTP 404
 *    (`no_session_named`).
 * 2. A name with an open session joins it, unless `maxPeers` peers are connected to it: HTTP 503
 *    (`session_full`). The session's own rules (subprotocol, origin, `admit`, caps) come after.
 * 3. A name with no session here: with `createSessions: "on-join"` the join creates it, unless
 *    `maxSessions` are open (HTTP 503, `too_many_sessions`); with "application" it is refused
 *    with HTTP 404 (`unknown_session`). A cluster (`locate`) is asked first and may send the
 *    join to the node that owns the name instead.
 * 4. A closed session is forgotten at once: a later join to its name is rule 3.
 * 5. While the server is not listening (closed, or not yet bound) every join is dropped.
 * 6. Until its request arrives a connection belongs to no session: it has no id, only the
 *    handshake clock started at TCP accept. Its id comes from the session's id space when rule 2
 *    or 3 admits it, and the session's handshake deadline is counted from the same accept time.
 */

/** Who may create a session: the first join to a name ("on-join"), or only `createSession` ("application"). */
export const SessionCreation = {
  ON_JOIN: "on-join",
  APPLICATION: "application",
} as const;
export type SessionCreation = (typeof SessionCreation)[keyof typeof SessionCreation];

/** Why a join reached no session. Each comes with the HTTP status the client gets. */
export const SessionRefusal = {
  NO_SESSION_NAMED: "no_session_named",
  UNKNOWN_SESSION: "unknown_session",
  SESSION_FULL: "session_full",
  TOO_MANY_SESSIONS: "too_many_sessions",
  /** Cluster: the directory cannot be reached, so a name that is not here cannot be placed. */
  DIRECTORY_UNAVAILABLE: "directory_unavailable",
} as const;
export type SessionRefusal = (typeof SessionRefusal)[keyof typeof SessionRefusal];

/** The HTTP status and body text of each refusal (a refused upgrade gets an HTTP answer, never a WebSocket). */
export const SESSION_REFUSAL_STATUS: Readonly<Record<SessionRefusal, { readonly status: number; readonly text: string }>> = Object.freeze({
  no_session_named: { status: 404, text: "no session is named in the path" },
  unknown_session: { status: 404, text: "unknown session" },
  session_full: { status: 503, text: "session full" },
  too_many_sessions: { status: 503, text: "too many sessions" },
  directory_unavailable: { status: 503, text: "session directory unavailable" },
});

/** What the join table decides. */
export type JoinVerdict =
  | { readonly kind: "join" }
  | { readonly kind: "create" }
  | { readonly kind: "refuse"; readonly refusal: SessionRefusal };

/** What the join table reads. */
export interface JoinState {
  /** The session named exists here and is open. */
  readonly exists: boolean;
  /** Its `maxPeers` (0: no cap) and its connected peers. */
  readonly maxPeers: number;
  readonly peers: number;
  /** Open sessions here, and the cap (0: none). */
  readonly sessions: number;
  readonly maxSessions: number;
  readonly creation: SessionCreation;
}

/** Rules 2 and 3 (rule 1 is `sessionNameOf`, rule 3's cluster step happens before this is asked). */
export function joinVerdict(state: JoinState): JoinVerdict {
  if (state.exists) {
    return state.maxPeers > 0 && state.peers >= state.maxPeers ? { kind: "refuse", refusal: SessionRefusal.SESSION_FULL } : { kind: "join" };
  }
  if (state.creation !== SessionCreation.ON_JOIN) return { kind: "refuse", refusal: SessionRefusal.UNKNOWN_SESSION };
  if (state.maxSessions > 0 && state.sessions >= state.maxSessions) return { kind: "refuse", refusal: SessionRefusal.TOO_MANY_SESSIONS };
  return { kind: "create" };
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** True for a valid session name: 1-64 characters of `A-Z a-z 0-9 _ - .`, and not "." or "..". */
export function isSessionName(name: unknown): name is string {
  return typeof name === "string" && NAME.test(name) && name !== "." && name !== "..";
}

/** Throws `InvalidArgumentError` unless `name` is a valid session name. */
export function checkSessionName(name: unknown): string {
  if (!isSessionName(name)) throw new InvalidArgumentError(`a session name is 1-64 characters of A-Z a-z 0-9 _ - . (not "." or ".."), got ${JSON.stringify(name)}`);
  return name;
}

/** Rule 1: the session a request path names, or undefined when it names none. */
export function sessionNameOf(path: string): string | undefined {
  const target = path.split(/[?#]/, 1)[0] ?? "";
  const segment = target.replace(/^\/+/, "").split("/", 1)[0] ?? "";
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return isSessionName(name) ? name : undefined;
}
