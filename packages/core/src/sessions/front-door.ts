import type { Payload } from "../shared/bytes.js";
import type { Connection, PendingSocket, ServerLink, UpgradeDecision, UpgradeRequest } from "../contract/connection.js";
import { CloseCode } from "../shared/constants.js";
import { isPromiseLike } from "../engine/admission.js";

/**
 * The front door of a server of sessions: every TCP connection passes it before it belongs to a
 * session. Sans-I/O: time comes in as `now`, the caller arms one timer from `nextDeadline()`.
 *
 * Rules (one row per connection, `FRONT_TABLE`):
 * 1. `waiting` from TCP accept until the upgrade request arrives. The handshake clock starts at
 *    accept: `handshakeTimeout` later a connection still waiting (or routing) is aborted.
 * 2. The upgrade request moves it to `routing`: `route` names where it goes, at once or later
 *    (a cluster asks its directory). A refusal ends it (`gone`) with that HTTP status.
 * 3. `routing` -> `routed` when the route gives a link (a session's, or a bridge to another
 *    node); from then on every input goes to that link, which owns the connection's id, its
 *    handshake deadline (counted from the same accept time) and everything after.
 * 4. A connection that closes, or whose deadline passes, while `waiting` or `routing` is `gone`;
 *    a link that a late route gives it is told the socket closed (1006), so nothing leaks.
 * 5. `gone` is terminal. An input the table does not list for a state is ignored.
 */
export const FrontState = {
  WAITING: "waiting",
  ROUTING: "routing",
  ROUTED: "routed",
  GONE: "gone",
} as const;
export type FrontState = (typeof FrontState)[keyof typeof FrontState];

export type FrontInput = "upgrade" | "route" | "refuse" | "timeout" | "closed";

export const FRONT_TABLE: Readonly<Record<FrontState, Partial<Record<FrontInput, FrontState>>>> = {
  waiting: { upgrade: "routing", timeout: "gone", closed: "gone" },
  routing: { route: "routed", refuse: "gone", timeout: "gone", closed: "gone" },
  routed: { closed: "gone" },
  gone: {},
};

/** What the front door knows of an upgrade request when it asks where it goes. */
export interface RouteRequest {
  readonly socket: PendingSocket;
  /** When the TCP connection was accepted (the handshake clock's start). */
  readonly acceptedAt: number;
  readonly path: string;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/** Where a connection goes: a link that takes it over, or a refusal with its HTTP status. */
export type Route = { readonly link: ServerLink } | { readonly status: number; readonly reason: string };

export interface FrontDoorConfig {
  readonly clock: () => number;
  readonly wake: (deadline: number) => void;
  /** Milliseconds from accept to the upgrade (the host's `handshakeTimeout`). */
  readonly timeoutMs: () => number;
  /** Connections waiting or routing at most (0: no cap); past it new TCP connections are dropped. */
  readonly maxPending: () => number;
  readonly route: (request: RouteRequest) => Route | Promise<Route>;
}

interface Front {
  state: FrontState;
  readonly socket: PendingSocket;
  readonly acceptedAt: number;
  readonly deadline: number;
  inner: ServerLink | undefined;
}

export class FrontDoor {
  private readonly fronts = new Set<Front>();

  constructor(private readonly config: FrontDoorConfig) {}

  /** Connections that have not reached a session yet (waiting or routing). */
  get pending(): number {
    return this.fronts.size;
  }

  /** A TCP connection was accepted: the link the adapter reports its events to. */
  accept(socket: PendingSocket, now: number): ServerLink {
    const max = this.config.maxPending();
    const front: Front = { state: "waiting", socket, acceptedAt: now, deadline: now + this.config.timeoutMs(), inner: undefined };
    if (max > 0 && this.fronts.size >= max) {
      front.state = "gone";
      socket.abort();
    } else {
      this.fronts.add(front);
      this.config.wake(front.deadline);
    }
    return this.linkFor(front);
  }

  /** Aborts every connection whose deadline passed. Returns the next deadline. */
  tick(now: number): number | undefined {
    for (const front of [...this.fronts]) {
      if (front.deadline > now) continue;
      this.move(front, "timeout");
      front.socket.abort();
    }
    return this.nextDeadline();
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const front of this.fronts) if (next === undefined || front.deadline < next) next = front.deadline;
    return next;
  }

  /** The server stops: every connection that has not reached a session is aborted. */
  close(): void {
    for (const front of [...this.fronts]) {
      this.move(front, "closed");
      front.socket.abort();
    }
  }

  private move(front: Front, input: FrontInput): boolean {
    const next = FRONT_TABLE[front.state][input];
    if (next === undefined) return false;
    front.state = next;
    if (next !== "waiting" && next !== "routing") this.fronts.delete(front);
    return true;
  }

  private linkFor(front: Front): ServerLink {
    return {
      get id() {
        return front.inner?.id ?? 0;
      },
      upgrade: (offered, headers, request) => this.upgrade(front, offered, headers, request),
      open: (connection: Connection) => {
        if (front.inner) front.inner.open(connection);
        else connection.terminate();
      },
      message: (data: Payload) => front.inner?.message(data),
      closed: (code, reason) => {
        if (front.inner) front.inner.closed(code, reason);
        this.move(front, "closed");
      },
      error: (message, closeCode) => front.inner?.error(message, closeCode),
      pong: () => front.inner?.pong(),
    };
  }

  private upgrade(front: Front, offered: readonly string[], headers: Readonly<Record<string, string>>, request: UpgradeRequest | undefined): UpgradeDecision | Promise<UpgradeDecision> {
    if (!this.move(front, "upgrade")) return { accept: false, reason: "the connection is no longer waiting for its upgrade" };
    const route = this.config.route({ socket: front.socket, acceptedAt: front.acceptedAt, path: request?.path ?? "/", protocols: offered, headers });
    const routed = (answer: Route): UpgradeDecision | Promise<UpgradeDecision> => {
      if ("status" in answer) {
        this.move(front, "refuse");
        return { accept: false, reason: answer.reason, status: answer.status };
      }
      if (!this.move(front, "route")) {
        // Rule 4: the socket closed or timed out while the route was found.
        answer.link.closed(CloseCode.ABNORMAL, "");
        return { accept: false, reason: "the handshake ended while the session was found" };
      }
      front.inner = answer.link;
      return answer.link.upgrade(offered, headers, request);
    };
    if (!isPromiseLike<Route>(route)) return routed(route);
    return Promise.resolve(route).then(routed, (error: unknown) => {
      this.move(front, "refuse");
      return { accept: false, reason: `the session could not be found: ${error instanceof Error ? error.message : String(error)}`, status: 500 };
    });
  }
}
