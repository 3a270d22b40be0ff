import { type LocateRequest, type Placement, type Session, type SessionOptions, type SessionServer, InvalidStateError } from "@wsmp/core";
import { decodeFrame } from "./bus-frames.js";
import type { ClusterBus, ClusterDirectory, ClusterHealth, ClusterSessionInfo } from "./contract.js";
import { EdgeBridges } from "./edge-bridges.js";
import { OwnerBridges } from "./owner-bridges.js";

/** Close codes a cluster node sends to bridged clients (docs/cluster.md). */
export const ClusterCloseCode = {
  /** The node that owned the client's session is gone (its lease expired): the session ended with it. */
  OWNER_LOST: 4100,
  /** This node lost the cluster (the directory and bus are unreachable), so it cannot carry the client's session. */
  CLUSTER_UNREACHABLE: 4101,
  /** This node is shutting down cleanly; the client's session lives on elsewhere and it may reconnect. */
  GOING_AWAY: 1001,
} as const;
export type ClusterCloseCode = (typeof ClusterCloseCode)[keyof typeof ClusterCloseCode];

export interface ClusterNodeOptions {
  readonly directory: ClusterDirectory;
  readonly bus: ClusterBus;
  /** Whether the directory and bus can be reached; omitted: always up. */
  readonly health?: ClusterHealth | undefined;
  /** This node's id in the cluster (unique, at most 100 characters). Default: a random one. */
  readonly nodeId?: string | undefined;
  /** Milliseconds a lease lasts without renewal (renewed every third of it). Default 10000. */
  readonly leaseMs?: number | undefined;
  /** Where the node's one-line notices go (losing and regaining the cluster, sessions lost). Default: `console.warn`. */
  readonly log?: ((line: string) => void) | undefined;
  /** Called by `close()` after the node left, to release what the directory and bus hold (connections). */
  readonly dispose?: (() => Promise<void>) | undefined;
}

export interface ClusterNodeEvents {
  /** The directory or bus became unreachable: local peers go on, remote joins are refused, bridges closed. */
  cluster_lost: (reason: string) => void;
  /** They are reachable again. */
  cluster_restored: () => void;
  /** A session of this node was taken by another node (its lease lapsed) and was closed here. */
  session_lost: (name: string) => void;
  /** An owner node's lease expired: `clients` bridged clients of its sessions were closed with 4100. */
  owner_lost: (owner: string, clients: number) => void;
  error: (error: unknown) => void;
}

type Listener<K extends keyof ClusterNodeEvents> = ClusterNodeEvents[K];

/** A timer that does not keep the process alive; returns its cancel function. */
function setTimer(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

function randomId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `node-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * One server of a cluster: its `SessionServer` plus a directory (which node owns each session)
 * and a bus (bridges between nodes). Pass `node.locate` to `createSessionServer`, then
 * `await node.join(server)`. A client may connect to any node: a session owned elsewhere is
 * bridged to its owner, which assigns the id and relays as for a local peer. See docs/cluster.md.
 */
export class ClusterNode {
  readonly id: string;
  readonly leaseMs: number;
  private readonly directory: ClusterDirectory;
  private readonly bus: ClusterBus;
  private readonly health: ClusterHealth | undefined;
  private readonly log: (line: string) => void;
  private readonly listeners = new Map<keyof ClusterNodeEvents, Set<(...args: never[]) => void>>();
  private server: SessionServer | undefined;
  private edges: EdgeBridges | undefined;
  private readonly owners: OwnerBridges;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unwatch: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private wasUp = true;

  constructor(private readonly options: ClusterNodeOptions) {
    this.id = options.nodeId ?? randomId();
    if (this.id.length === 0 || this.id.length > 100) throw new RangeError("nodeId must be 1-100 characters");
    this.leaseMs = options.leaseMs ?? 10_000;
    if (!Number.isFinite(this.leaseMs) || this.leaseMs < 300) throw new RangeError("leaseMs must be at least 300");
    this.directory = options.directory;
    this.bus = options.bus;
    this.health = options.health;
    this.log = options.log ?? ((line) => console.warn(line));
    this.owners = new OwnerBridges(this.id, this.bus, () => this.server, () => this.server?.now() ?? 0);
  }

  /** True while the directory and bus can be reached. */
  get up(): boolean {
    return this.health?.up ?? true;
  }

  /** Clients of this node bridged to other owners, and peers of this node's sessions whose client is on another node. */
  get bridges(): { readonly outgoing: number; readonly incoming: number } {
    return { outgoing: this.edges?.size ?? 0, incoming: this.owners.size };
  }

  /** The hook `createSessionServer` takes as its `locate` option. */
  readonly locate = async (request: LocateRequest): Promise<Placement> => {
    const unavailable: Placement = { place: "refuse", status: 503, reason: "session directory unavailable" };
    if (!this.server || !this.edges || this.closing || !this.up) return unavailable;
    try {
      let owner = await this.directory.owner(request.name);
      if (owner === undefined) {
        if (!request.createOnJoin) return { place: "here" }; // the server's own rule: 404 unknown session
        owner = await this.directory.claim(request.name, this.id, this.leaseMs);
      }
      if (owner === this.id) return { place: "here" };
      return { place: "there", link: this.edges.link(owner, request) };
    } catch {
      return unavailable;
    }
  };

  /** Starts the node on `server` (created with `locate: node.locate`): opens its bus inbox and starts renewing its leases. */
  async join(server: SessionServer): Promise<void> {
    if (this.server) throw new InvalidStateError("this cluster node already joined a server");
    this.server = server;
    this.edges = new EdgeBridges(this.id, this.bus, { now: () => server.now(), setTimer }, server.handshakeTimeout * 1000);
    await this.bus.open(this.id, (message) => this.receive(message));
    server.on("session_created", (session) => void this.claim(session));
    server.on("session_closed", (name) => void this.directory.release(name, this.id).catch(() => undefined));
    for (const session of server.sessions) await this.claim(session);
    this.unwatch = this.health?.watch((up, reason) => this.healthChanged(up, reason));
    await this.renew();
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.timer.unref?.();
  }

  /**
   * Creates session `name` on this node once the directory gave it to this node. Rejects with
   * `InvalidStateError` when another node owns it or the cluster cannot be reached.
   */
  async createSession(name: string, options?: SessionOptions): Promise<Session> {
    const server = this.server;
    if (!server) throw new InvalidStateError("join a server first");
    let owner: string;
    try {
      owner = await this.directory.claim(name, this.id, this.leaseMs);
    } catch (error) {
      throw new InvalidStateError(`the session directory cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (owner !== this.id) throw new InvalidStateError(`session ${JSON.stringify(name)} is owned by ${owner}`);
    return server.getSession(name) ?? server.createSession(name, options);
  }

  /** Every session of the cluster with its owner and peer count (for a lobby page). */
  sessions(): Promise<ClusterSessionInfo[]> {
    return this.directory.list();
  }

  /**
   * Leaves the cluster cleanly: this node's sessions are closed first (their peers, local and
   * bridged, get 1000) and released, its bridged clients of other nodes' sessions get 1001, then
   * its lease is dropped and the server closed.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      this.unwatch?.();
      const server = this.server;
      if (server) {
        const names = server.sessions.map((s) => s.name);
        await Promise.all(server.sessions.map((s) => s.close()));
        await Promise.all(names.map((name) => this.directory.release(name, this.id).catch(() => undefined)));
      }
      this.edges?.closeOwner(undefined, ClusterCloseCode.GOING_AWAY, "Server shutting down");
      await server?.close();
      await this.directory.leave(this.id).catch(() => undefined);
      await this.bus.close().catch(() => undefined);
      await this.options.dispose?.();
    })();
    return this.closing;
  }

  on<K extends keyof ClusterNodeEvents>(name: K, listener: Listener<K>): this {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (...args: never[]) => void);
    return this;
  }

  off<K extends keyof ClusterNodeEvents>(name: K, listener: Listener<K>): this {
    this.listeners.get(name)?.delete(listener as (...args: never[]) => void);
    return this;
  }

  private emit<K extends keyof ClusterNodeEvents>(name: K, ...args: Parameters<Listener<K>>): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        if (name !== "error" && (this.listeners.get("error")?.size ?? 0) > 0) this.emit("error", error);
        else this.log(`wsmp cluster ${this.id}: a "${String(name)}" listener threw: ${String(error)}`);
      }
    }
  }

  private receive(message: Uint8Array): void {
    const frame = decodeFrame(message);
    if (!frame) return;
    if (frame.toEdge) this.edges?.receive(frame);
    else this.owners.receive(frame);
  }

  private async claim(session: Session): Promise<void> {
    try {
      const owner = await this.directory.claim(session.name, this.id, this.leaseMs);
      if (owner === this.id) return;
      this.log(`wsmp cluster ${this.id}: session ${session.name} is owned by ${owner}; closing the copy created here`);
      this.emit("session_lost", session.name);
      await session.close();
    } catch {
      // The directory is down: the session stays local; the renewal claims it when it comes back.
    }
  }

  private async renew(): Promise<void> {
    const server = this.server;
    if (!server || this.closing || !this.up) return;
    try {
      const lost = await this.directory.renew(this.id, server.listSessions().map(({ name, peers }) => ({ name, peers })), this.leaseMs);
      for (const name of lost) {
        const session = server.getSession(name);
        if (!session) continue;
        this.log(`wsmp cluster ${this.id}: session ${name} was taken by another node while this one could not renew its lease; closing it here`);
        this.emit("session_lost", name);
        void session.close();
      }
      const owners = this.edges?.owners() ?? [];
      const ownersAlive = owners.length > 0 ? await this.directory.alive(owners) : [];
      owners.forEach((owner, i) => {
        if (ownersAlive[i]) return;
        const clients = this.edges?.closeOwner(owner, ClusterCloseCode.OWNER_LOST, "Session owner lost") ?? 0;
        this.log(`wsmp cluster ${this.id}: node ${owner} is gone; closed its ${clients} bridged client(s) with ${ClusterCloseCode.OWNER_LOST}`);
        this.emit("owner_lost", owner, clients);
      });
      const edges = this.owners.edges();
      const edgesAlive = edges.length > 0 ? await this.directory.alive(edges) : [];
      edges.forEach((edge, i) => {
        if (!edgesAlive[i]) this.owners.closeEdge(edge);
      });
    } catch (error) {
      if (this.up) this.emit("error", error);
    }
  }

  private healthChanged(up: boolean, reason: string): void {
    if (up === this.wasUp || this.closing) return;
    this.wasUp = up;
    const server = this.server;
    if (!up) {
      const local = server?.sessions.length ?? 0;
      const bridged = this.edges?.closeOwner(undefined, ClusterCloseCode.CLUSTER_UNREACHABLE, "Cluster unreachable") ?? 0;
      const remote = this.owners.closeEdge(undefined);
      this.log(
        `wsmp cluster ${this.id}: lost the cluster (${reason}); serving the local peers of its ${local} session(s), refusing remote joins; closed ${bridged} bridged client(s) and ${remote} remote peer(s)`,
      );
      this.emit("cluster_lost", reason);
      return;
    }
    this.log(`wsmp cluster ${this.id}: the cluster is reachable again; renewing its leases`);
    this.emit("cluster_restored");
    void this.renew();
  }
}
