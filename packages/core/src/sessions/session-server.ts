import type { PendingSocket, ServerLink } from "../contract/connection.js";
import type { ListenResult, Runtime, ServerCapabilities, ServerTransport, TlsServerOptions } from "../contract/transport.js";
import { DeadlineTimer } from "../api/deadline-timer.js";
import { routeListenerErrors } from "../api/listener-errors.js";
import { serverConfigOf } from "../api/peer-factories.js";
import { Emitter } from "../shared/emitter.js";
import { InvalidArgumentError, InvalidStateError } from "../shared/errors.js";
import { type PeerOptions, resolveOptions } from "../shared/peer-options.js";
import { resolveServerLimits } from "../shared/server-limits.js";
import { isPromiseLike } from "../engine/admission.js";
import { FrontDoor, type Route, type RouteRequest } from "./front-door.js";
import { Session, type SessionOrigin } from "./session.js";
import { emptyTimeoutOf, type HostRules, type SessionOptions, type SessionServerOptions, splitSessionServerOptions } from "./session-options.js";
import { logSink } from "../api/event-log.js";
import { logSessionServerEvents } from "./session-log.js";
import { checkSessionName, joinVerdict, SESSION_REFUSAL_STATUS, SessionRefusal, sessionNameOf } from "./session-rules.js";

/** A join that reached no session, as `join_refused` reports it. */
export interface JoinRefusal {
  /** The session named, undefined when the path named none. */
  readonly name: string | undefined;
  readonly path: string;
  readonly refusal: SessionRefusal;
  /** The HTTP status the client got. */
  readonly status: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** One row of `listSessions()`. */
export interface SessionInfo {
  readonly name: string;
  /** Connected peers (the server, peer 1, not counted). */
  readonly peers: number;
  readonly origin: SessionOrigin;
}

export interface SessionServerEvents {
  /** A session was created (by a join or by `createSession`); listen to its own events here. */
  session_created: (session: Session) => void;
  /** A session was closed (by `close()`, `closeSession`, its empty timeout, or the server's close). */
  session_closed: (name: string) => void;
  /** A join reached no session (see docs/sessions.md for each refusal). */
  join_refused: (info: JoinRefusal) => void;
  listening: (address: ListenResult) => void;
  /** The server and every session stopped. */
  close: () => void;
  /** A listener threw (code WSMP_ERR_LISTENER), or listening failed. */
  error: (error: unknown) => void;
}

interface Entry {
  readonly session: Session;
  accept: ((socket: PendingSocket, acceptedAt: number) => ServerLink) | undefined;
  readonly ready: Promise<unknown>;
  readonly emptyTimeoutMs: number;
  /** When the session closes for being empty, if it stays so. */
  emptyDeadline: number | undefined;
}

export interface SessionServerConfig {
  readonly port: number;
  readonly bindAddress?: string | undefined;
  readonly tls?: TlsServerOptions | undefined;
  readonly options?: SessionServerOptions | undefined;
}

/**
 * Many Godot sessions on one port, each chosen by the path a client connects to
 * (`ws://host:9080/match-42`). Every session is a `Session` (a whole `MultiplayerServer`); this
 * object creates, finds, lists and closes them. See docs/sessions.md.
 */
export class SessionServer {
  readonly events: Emitter<SessionServerEvents> = new Emitter<SessionServerEvents>(routeListenerErrors(() => this.events, () => this.runtime));
  readonly port: number;
  readonly bindAddress: string;
  private readonly rules: HostRules;
  private readonly defaults: SessionOptions;
  private readonly table = new Map<string, Entry>();
  private readonly door: FrontDoor;
  private readonly timer: DeadlineTimer;
  /** The peer options of the port itself: the handshake timeout before a session is named, the largest message. */
  private readonly hostOptions: PeerOptions;
  private listening: Promise<ListenResult> | undefined;
  private address: ListenResult | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly transport: ServerTransport,
    private readonly runtime: Runtime,
    private readonly config: SessionServerConfig,
  ) {
    if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new InvalidArgumentError(`port must be an integer in [0, 65535], got ${String(config.port)}`);
    [this.rules, this.defaults] = splitSessionServerOptions(config.options ?? {});
    // Every session's defaults are checked now, so a bad option fails here and not at a join.
    const { emptyTimeout: _empty, ...sessionDefaults } = this.defaults;
    const defaults = serverConfigOf(config.port, config.bindAddress, config.tls, sessionDefaults);
    resolveServerLimits(defaults.limits);
    this.hostOptions = resolveOptions(defaults.options);
    this.port = config.port;
    this.bindAddress = config.bindAddress ?? "*";
    this.timer = new DeadlineTimer(runtime, (now) => this.tick(now));
    this.door = new FrontDoor({
      clock: () => runtime.now(),
      wake: (deadline) => this.timer.wake(deadline),
      timeoutMs: () => this.hostOptions.handshakeTimeout * 1000,
      maxPending: () => this.defaults.maxPendingHandshakes ?? 0,
      route: (request) => this.route(request),
    });
  }

  /** Seconds from TCP accept to a peer's id, before and after its session is known (the sessions' default `handshakeTimeout`). */
  get handshakeTimeout(): number {
    return this.hostOptions.handshakeTimeout;
  }

  /** The server's clock (its runtime's, in ms): the one `acceptedAt` of `locate` and `attach` is measured on. */
  now(): number {
    return this.runtime.now();
  }

  /** What the transport under every session can do. */
  get capabilities(): ServerCapabilities {
    return this.transport.capabilities;
  }

  /** Binds the port. Resolves with the bound address; rejects with a `WsmpError` if binding fails. Idempotent. */
  listen(): Promise<ListenResult> {
    if (this.stopping) return Promise.reject(new InvalidStateError("the server was closed; create a new one"));
    this.listening ??= this.transport
      .listen({
        port: this.port,
        bindAddress: this.bindAddress,
        tls: this.config.tls,
        options: this.hostOptions,
        accept: (socket) => this.door.accept(socket, this.runtime.now()),
      })
      .then(
        (address) => {
          if (this.stopping) return address;
          this.address = address;
          this.events.emit("listening", address);
          return address;
        },
        (error: unknown) => {
          this.listening = undefined;
          throw error;
        },
      );
    return this.listening;
  }

  /** The bound address, once listening. */
  get boundAddress(): ListenResult | undefined {
    return this.address;
  }

  /**
   * Creates session `name` with this server's session options, `options` over them. Throws
   * `InvalidArgumentError` for a bad name or option, `InvalidStateError` when the name is taken
   * or the server is closed. The session accepts joins once `await session.listen()` resolves
   * (at once, on the same tick's promise).
   */
  createSession(name: string, options: SessionOptions = {}): Session {
    checkSessionName(name);
    if (this.stopping) throw new InvalidStateError("the server was closed; create a new one");
    if (this.table.has(name)) throw new InvalidStateError(`session ${JSON.stringify(name)} already exists`);
    return this.open(name, "application", options).session;
  }

  getSession(name: string): Session | undefined {
    return this.table.get(name)?.session;
  }

  hasSession(name: string): boolean {
    return this.table.has(name);
  }

  /** The open sessions, in creation order. */
  get sessions(): Session[] {
    return [...this.table.values()].map((entry) => entry.session);
  }

  listSessions(): SessionInfo[] {
    return this.sessions.map((session) => ({ name: session.name, peers: session.peers.length, origin: session.origin }));
  }

  /** Closes session `name` (its peers get 1000). Resolves when it stopped; false when there is no such session. */
  closeSession(name: string): Promise<void> | false {
    const entry = this.table.get(name);
    return entry ? entry.session.close() : false;
  }

  /**
   * Joins a connection that arrived elsewhere to session `name` here, with this server's rules
   * but never creating the session: what a cluster node does for a client bridged from another
   * node. Gives the session's link, or the HTTP refusal.
   */
  attach(name: string, socket: PendingSocket, acceptedAt: number = this.runtime.now()): Route | Promise<Route> {
    return this.join(name, "/" + name, socket, acceptedAt, false);
  }

  /**
   * Stops every session (their peers get 1000), drops connections that named none yet, and
   * releases the port. Safe to call more than once.
   */
  close(): Promise<void> {
    if (this.stopping) return this.stopping;
    const listening = this.listening ?? Promise.resolve(undefined);
    const closing = this.sessions.map((session) => session.close());
    this.stopping = listening.catch(() => undefined).then(() => {
      this.door.close();
      return Promise.all(closing);
    })
      .then(() => this.transport.stop())
      .then(() => {
        this.timer.stop();
        this.events.emit("close");
      });
    return this.stopping;
  }

  on<K extends keyof SessionServerEvents>(name: K, listener: SessionServerEvents[K]): this {
    this.events.on(name, listener);
    return this;
  }

  once<K extends keyof SessionServerEvents>(name: K, listener: SessionServerEvents[K]): this {
    this.events.once(name, listener);
    return this;
  }

  off<K extends keyof SessionServerEvents>(name: K, listener: SessionServerEvents[K]): this {
    this.events.off(name, listener);
    return this;
  }

  // ---- internals ---------------------------------------------------------------------------

  private open(name: string, origin: SessionOrigin, options: SessionOptions): Entry {
    const merged: SessionOptions = { ...this.defaults, ...options };
    const emptyTimeoutMs = emptyTimeoutOf(merged) * 1000;
    const { emptyTimeout: _unused, ...serverOptions } = merged;
    const config = serverConfigOf(this.port, this.bindAddress, this.config.tls, serverOptions);
    let accept: Entry["accept"];
    const session = new Session(
      name,
      origin,
      {
        capabilities: this.transport.capabilities,
        address: () => this.address ?? { port: this.port, address: this.bindAddress },
        started: (given) => (accept = given),
        closing: () => this.forget(name, session),
      },
      this.runtime,
      config,
    );
    const ready = session.listen().then(
      () => {
        if (this.table.get(name) === entry) entry.accept = accept;
      },
      () => undefined,
    );
    const entry: Entry = { session, accept: undefined, ready, emptyTimeoutMs, emptyDeadline: undefined };
    this.table.set(name, entry);
    session.on("peer_connected", () => {
      entry.emptyDeadline = undefined;
    });
    session.on("peer_disconnected", () => this.armEmpty(entry));
    this.armEmpty(entry);
    this.events.emit("session_created", session);
    return entry;
  }

  private forget(name: string, session: Session): void {
    const entry = this.table.get(name);
    if (entry?.session !== session) return;
    this.table.delete(name);
    entry.accept = undefined;
    this.events.emit("session_closed", name);
  }

  private armEmpty(entry: Entry): void {
    if (entry.emptyTimeoutMs <= 0 || entry.session.peers.length > 0) return;
    entry.emptyDeadline = this.runtime.now() + entry.emptyTimeoutMs;
    this.timer.wake(entry.emptyDeadline);
  }

  private tick(now: number): number | undefined {
    let next = this.door.tick(now);
    for (const entry of [...this.table.values()]) {
      if (entry.emptyDeadline === undefined) continue;
      if (entry.emptyDeadline <= now) {
        if (entry.session.peers.length > 0) entry.emptyDeadline = undefined;
        else if (entry.session.liveConnections > 0) entry.emptyDeadline = now + entry.emptyTimeoutMs; // a join is under way
        else {
          void entry.session.close();
          continue;
        }
      }
      if (entry.emptyDeadline !== undefined && (next === undefined || entry.emptyDeadline < next)) next = entry.emptyDeadline;
    }
    return next;
  }

  private refuse(name: string | undefined, path: string, socket: PendingSocket, refusal: SessionRefusal): Route {
    const { status, text } = SESSION_REFUSAL_STATUS[refusal];
    this.events.emit("join_refused", { name, path, refusal, status, remoteAddress: socket.remoteAddress, remotePort: socket.remotePort });
    return { status, reason: text };
  }

  /** Where the front door sends an upgrade request (rules 1-3 of session-rules.ts). */
  private route(request: RouteRequest): Route | Promise<Route> {
    const { socket, path, acceptedAt } = request;
    const name = sessionNameOf(path) ?? this.rules.defaultSession;
    if (name === undefined) return this.refuse(undefined, path, socket, SessionRefusal.NO_SESSION_NAMED);
    if (this.table.has(name) || !this.rules.locate) return this.join(name, path, socket, acceptedAt, true);
    const createOnJoin = this.rules.creation === "on-join";
    const placed = this.rules.locate({ name, path, socket, acceptedAt, protocols: request.protocols, headers: request.headers, createOnJoin });
    const follow = (placement: Awaited<typeof placed>): Route | Promise<Route> => {
      if (placement.place === "there") return { link: placement.link };
      if (placement.place === "refuse") return { status: placement.status, reason: placement.reason };
      return this.join(name, path, socket, acceptedAt, true);
    };
    return isPromiseLike<Awaited<typeof placed>>(placed) ? Promise.resolve(placed).then(follow) : follow(placed);
  }

  private join(name: string, path: string, socket: PendingSocket, acceptedAt: number, mayCreate: boolean): Route | Promise<Route> {
    if (this.stopping) return { status: 503, reason: "the server is closing" };
    let entry = this.table.get(name);
    const verdict = joinVerdict({
      exists: entry !== undefined,
      maxPeers: entry?.session.limits.maxPeers ?? 0,
      peers: entry?.session.peers.length ?? 0,
      sessions: this.table.size,
      maxSessions: this.rules.maxSessions,
      creation: mayCreate ? this.rules.creation : "application",
    });
    if (verdict.kind === "refuse") return this.refuse(name, path, socket, verdict.refusal);
    if (verdict.kind === "create") entry = this.open(name, "join", {});
    const target = entry!;
    const link = (): Route => (target.accept ? { link: target.accept(socket, acceptedAt) } : this.refuse(name, path, socket, SessionRefusal.UNKNOWN_SESSION));
    return target.accept ? link() : target.ready.then(link);
  }
}

/**
 * What every adapter's `createSessionServer` does: build the server of sessions on the adapter's
 * transport and runtime and start listening at once. `await server.listen()` gives the bound
 * address or the bind error; a failure is also emitted as `error`.
 */
export function startSessionServer(transport: ServerTransport, runtime: Runtime, port: number, bindAddress = "*", tls?: TlsServerOptions, options: SessionServerOptions = {}): SessionServer {
  const server = new SessionServer(transport, runtime, { port, bindAddress, tls, options });
  const sink = logSink(options.log, runtime);
  if (sink) logSessionServerEvents(server, sink, () => runtime.now());
  server.listen().catch((error: unknown) => server.events.emit("error", error));
  return server;
}
