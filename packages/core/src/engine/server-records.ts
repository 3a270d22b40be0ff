import type { PendingSocket } from "../contract/connection.js";
import { AdmittedPeers } from "./admitted-peers.js";
import type { ServerPeerRecord } from "./server-engine-events.js";
import { SERVER_TABLE, type ServerInput, step } from "./transition-table.js";

/**
 * The connections a server engine tracks, by id, and the two counts the admission caps read
 * (connections in their handshake, and open ones). Every state change goes through `move`, which
 * applies the transition table and keeps the counts; the engine decides which input to feed.
 */
export class ServerRecords {
  private readonly byId = new Map<number, ServerPeerRecord>();
  /** Peers that were given their id and are not closing, in admission order (and the broadcast to them). */
  readonly admitted = new AdmittedPeers();
  /** Tracked connections still in their handshake, and open ones (admitted or not yet, not closing). */
  pending = 0;
  open = 0;

  /** A fresh `pending` record for a socket accepted now, not tracked yet. */
  static create(id: number, socket: PendingSocket, deadline: number): ServerPeerRecord {
    return {
      id,
      state: "pending",
      socket,
      connection: undefined,
      deadline,
      // Stryker disable next-line StringLiteral: open() sets it from the connection before anything reads it
      protocol: "",
      closeCode: -1,
      closeReason: "",
      closedByServer: false,
      queuedPackets: 0,
      queuedBytes: 0,
      ownQueue: undefined,
      tracked: false,
      leaving: false,
      peerClosed: false,
      heartbeat: undefined,
      rate: undefined,
      slow: undefined,
      member: false,
      roomBytes: 0,
      roomMessages: 0,
    };
  }

  /** Starts tracking a pending record: it counts against the caps until it is gone. */
  track(record: ServerPeerRecord): void {
    record.tracked = true;
    this.pending++;
    this.byId.set(record.id, record);
  }

  get(id: number): ServerPeerRecord | undefined {
    return this.byId.get(id);
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<ServerPeerRecord> {
    return this.byId.values();
  }

  keys(): IterableIterator<number> {
    return this.byId.keys();
  }

  [Symbol.iterator](): IterableIterator<[number, ServerPeerRecord]> {
    return this.byId.entries();
  }

  /** Forgets a record that is gone. Returns whether it was still admitted. */
  remove(record: ServerPeerRecord): boolean {
    this.byId.delete(record.id);
    return this.admitted.delete(record.id);
  }

  /** Applies `input` by the transition table, keeping the counts. An input the table does not allow is a wsmp bug. */
  move(record: ServerPeerRecord, input: ServerInput): void {
    const previous = record.state;
    const next = step(SERVER_TABLE, previous, input);
    if (next === undefined) throw new Error(`wsmp bug: server peer ${record.id} cannot take "${input}" in state "${previous}"`);
    record.state = next;
    if (!record.tracked) return;
    if (previous === "pending") this.pending--;
    if (previous === "open") this.open--;
    if (next === "open") this.open++;
  }
}
