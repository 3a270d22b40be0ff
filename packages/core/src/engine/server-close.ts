import { stripTrailingNul } from "../shared/close-codes.js";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import type { RefusalReason } from "../shared/server-limits.js";
import type { Admission } from "./admission.js";
import { closeInfo, type ServerEvent, type ServerPeerRecord } from "./server-engine-events.js";
import type { ServerRecords } from "./server-records.js";
import type { ServerInput } from "./transition-table.js";

/** What closing needs from the server engine. */
export interface CloseContext {
  readonly records: ServerRecords;
  readonly admission: Admission;
  emit(event: ServerEvent): void;
  /** The server is listening (after `close()` no peer event fires, as Godot). */
  serving(): boolean;
  /** The dialect forgets a peer (routing, relay announcements). */
  leave(id: number): void;
  /** When a close the server starts now must have finished (ms), with the caller's timer armed. */
  closeDeadline(): number;
}

/**
 * How a server connection ends (rules 3-7 of transition-table.ts): the server starts a close
 * handshake (`start`), the socket reports it is gone (`closed`), or a record is ended at once
 * (`finish`: a refusal, a timeout, a forced drop). `peer_disconnected` fires once per admitted
 * peer, when its socket is gone, saying whether the close handshake finished.
 */
export class ServerClose {
  constructor(private readonly ctx: CloseContext) {}

  /** The server closes an open peer: it leaves the routing at once, the socket gets a close frame and a deadline. */
  start(record: ServerPeerRecord, code: number, reason: string): void {
    const { records } = this.ctx;
    const wasAdmitted = records.admitted.delete(record.id);
    records.move(record, "close");
    record.closedByServer = true;
    record.closeCode = code;
    record.closeReason = reason;
    record.deadline = this.ctx.closeDeadline();
    // As Godot: once we close a peer, the packets it had queued are discarded.
    record.ownQueue?.clear();
    this.ctx.leave(record.id);
    // `peer_disconnected` fires when the socket is gone (which some runtimes report from inside
    // `close`), so that it can say whether the close handshake finished.
    record.leaving = wasAdmitted;
    record.connection?.close(code, reason);
  }

  /** The adapter reports the socket gone, with the close code received (1006 without a close frame). */
  closed(record: ServerPeerRecord, code: number, reason: string): void {
    record.peerClosed = code !== CloseCode.ABNORMAL;
    const wasOpen = record.state === "open";
    if (!record.closedByServer) {
      record.closeCode = code;
      record.closeReason = stripTrailingNul(reason);
      if (wasOpen && code !== CloseCode.ABNORMAL) this.ctx.emit({ type: "close_request", id: record.id, code, reason: record.closeReason });
    }
    if (record.state === "pending") this.handshakeFailed(record, ErrorCode.CLOSED, "the socket closed during the handshake");
    this.finish(record, "closed");
  }

  /**
   * Moves a record to `gone`, releasing its socket (unless `release` is false: the adapter answers
   * a refused upgrade itself) and emitting what the rules say.
   */
  finish(record: ServerPeerRecord, input: ServerInput, release = true): void {
    // A listener of an event emitted on the way here may already have dropped this peer.
    if (record.state === "gone") return;
    const wasOpen = record.state === "open";
    this.ctx.records.move(record, input);
    const wasAdmitted = this.ctx.records.remove(record);
    // Only tracked records reach here: one refused at accept is gone at once.
    this.ctx.admission.release(record.socket.remoteAddress);
    const serving = this.ctx.serving();
    // Only a close the server started (`start`, a closing record) leaves a peer `leaving`.
    if (record.leaving && input !== "force" && serving) {
      this.ctx.emit({ type: "peer_disconnected", id: record.id, info: closeInfo(record, record.peerClosed) });
    }
    if (release && (input === "force" || input === "timeout" || input === "refuse")) {
      if (record.connection) record.connection.terminate();
      else record.socket.abort();
    }
    // An open record ends only by `closed` or `force` (a timeout or a refusal ends other states).
    if (wasOpen && serving) {
      // A forced drop fires no event (as Godot; it left the admitted set first), but the dialect
      // still learns the peer is gone.
      this.ctx.leave(record.id);
      if (wasAdmitted) {
        this.ctx.emit({ type: "peer_disconnected", id: record.id, info: closeInfo(record, record.peerClosed) });
      }
    }
  }

  handshakeFailed(record: ServerPeerRecord, code: ErrorCode, reason: string, refusal?: RefusalReason): void {
    this.ctx.emit({
      type: "handshake_failed",
      info: { id: record.id, remoteAddress: record.socket.remoteAddress, remotePort: record.socket.remotePort, code, reason, refusal },
    });
  }
}
