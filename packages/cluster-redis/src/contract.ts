/**
 * The cluster's contract: what a node needs from the engine that holds the directory and carries
 * the bus. Redis implements both (`redis-directory.ts`, `redis-bus.ts`); another engine (NATS,
 * Valkey, a SQL table and a message queue) implements these two interfaces and nothing else.
 */

/** One session of the cluster, as the lobby lists it. */
export interface ClusterSessionInfo {
  readonly name: string;
  /** The node that owns it (runs its relay and assigns its ids). */
  readonly owner: string;
  /** Its connected peers, local and bridged, as the owner last reported (at most one lease period old). */
  readonly peers: number;
}

/** Where each session lives. Every session has exactly one owner, which holds a lease it renews. */
export interface ClusterDirectory {
  /**
   * Claims `name` for `node` for `leaseMs` unless another live node holds it (atomically): a
   * session whose owner's node lease is gone is taken over. Resolves with the owner after the
   * call: `node` when the claim won.
   */
  claim(name: string, node: string, leaseMs: number): Promise<string>;
  /** The owner of `name`, undefined when no lease holds it or its owner's node lease is gone. */
  owner(name: string): Promise<string | undefined>;
  /**
   * Renews the lease of `node` itself and of each session it owns, recording their peer counts.
   * Resolves with the names whose lease `node` no longer holds (it expired and another node took
   * it): the node must close them.
   */
  renew(node: string, sessions: readonly { readonly name: string; readonly peers: number }[], leaseMs: number): Promise<string[]>;
  /** Gives `name` up if `node` holds it (a session closed). */
  release(name: string, node: string): Promise<void>;
  /** Which of `nodes` still hold their node lease. */
  alive(nodes: readonly string[]): Promise<boolean[]>;
  /** Every session of the cluster whose lease is held. */
  list(): Promise<ClusterSessionInfo[]>;
  /** Removes `node`'s own lease (a clean shutdown, after its sessions were released). */
  leave(node: string): Promise<void>;
}

/** Messages between nodes: each node has an inbox; messages from one node to another arrive in the order sent. */
export interface ClusterBus {
  /** Starts delivering the messages sent to `node` to `receive`. */
  open(node: string, receive: (message: Uint8Array) => void): Promise<void>;
  /** Sends one message to `node`'s inbox (fire and forget; lost if the node is gone). */
  send(node: string, message: Uint8Array): void;
  close(): Promise<void>;
}

/**
 * Whether the engine behind the directory and the bus can be reached, as a node learns it: the
 * shipped Redis implementation reports its connections here. `up` false means joins that need the
 * cluster are refused and bridges are closed until it comes back.
 */
export interface ClusterHealth {
  /** Calls `listener` with each change; returns a function that stops it. */
  watch(listener: (up: boolean, reason: string) => void): () => void;
  readonly up: boolean;
}
