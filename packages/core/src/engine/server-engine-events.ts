import type { Connection, PendingSocket } from "../contract/connection.js";
import type { DropInfo } from "./dialect-contract.js";
import { ErrorCode } from "../shared/errors.js";
import type { InboundQueue } from "./inbound-queue.js";
import type { ServerPeerState } from "./transition-table.js";
import type { Heartbeat } from "./heartbeat.js";
import type { RateBucket } from "./rate-limit.js";
import type { SlowState } from "./slow-peer.js";
import type { RefusalReason } from "../shared/server-limits.js";

/** What the server engine reports and the record it keeps per connection. */

/** How a connection ended, as reported with `peer_disconnected`. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  /** True when a close frame was received from the remote side. */
  readonly wasClean: boolean;
  /**
   * True when the server started the close, on either side: on a server, wsmp closed the peer
   * (`disconnectPeer`, a protocol error, `close()`); on a client, the server sent its close frame
   * first. False when the client started it.
   */
  readonly byServer: boolean;
}

export interface ProtocolErrorInfo {
  readonly peer: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly closeCode: number;
}

export interface HandshakeFailure {
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly code: ErrorCode;
  readonly reason: string;
  /** Set when the server refused the connection (an admission rule, a cap, the `admit` hook...). */
  readonly refusal?: RefusalReason | undefined;
}

/** Everything the server engine reports, as a tagged union. */
export type ServerEvent =
  | { readonly type: "peer_connected"; readonly id: number; readonly protocol: string }
  | { readonly type: "peer_disconnected"; readonly id: number; readonly info: CloseInfo }
  | { readonly type: "close_request"; readonly id: number; readonly code: number; readonly reason: string }
  | { readonly type: "packet_available" }
  | { readonly type: "packet_dropped"; readonly info: DropInfo }
  | { readonly type: "protocol_error"; readonly info: ProtocolErrorInfo }
  | { readonly type: "handshake_failed"; readonly info: HandshakeFailure }
  | { readonly type: "signal"; readonly name: string; readonly args: readonly unknown[] }
  /** Application code the engine called (the `admit` hook) threw; the connection was refused. */
  | { readonly type: "hook_error"; readonly error: unknown };

/** One connection as the server sees it. */
export interface ServerPeerRecord {
  readonly id: number;
  state: ServerPeerState;
  readonly socket: PendingSocket;
  connection: Connection | undefined;
  /** Handshake deadline while pending, close deadline while closing (ms). */
  deadline: number;
  protocol: string;
  closeCode: number;
  closeReason: string;
  closedByServer: boolean;
  /** Packets and bytes of this peer waiting in the inbound queue. */
  queuedPackets: number;
  queuedBytes: number;
  /** This peer's own queue, used instead of the shared one when the dialect has no packet API (raw mode). */
  ownQueue: InboundQueue | undefined;
  /** Counted in the engine's pending/open counts and the per-address count (false for a refused-at-accept record). */
  tracked: boolean;
  /** The peer was admitted when the server started closing it: `peer_disconnected` fires once its socket is gone. */
  leaving: boolean;
  /** A close frame came from the remote side (the socket did not just drop). */
  peerClosed: boolean;
  heartbeat: Heartbeat | undefined;
  rate: RateBucket | undefined;
  /** The `slowPeer: "close"` clock: since when its outbound buffer refuses, and the smallest message refused. */
  slow: SlowState | undefined;
  /** In the fan-out group of its transport (admitted-peers.ts), with the room left there in bytes and messages. */
  member: boolean;
  roomBytes: number;
  roomMessages: number;
}

export function closeInfo(record: ServerPeerRecord, wasClean: boolean): CloseInfo {
  return { code: record.closeCode, reason: record.closeReason, wasClean, byServer: record.closedByServer };
}

/** The close reason text wsmp sends for each error it closes a peer over. */
export function reasonText(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.MESSAGE_TOO_BIG:
      return "Message too big";
    case ErrorCode.INBOUND_FULL:
      return "Inbound queue full";
    case ErrorCode.PROTOCOL:
      return "Protocol error";
    case ErrorCode.RATE_LIMITED:
      return "Rate limit exceeded";
    case ErrorCode.HEARTBEAT_TIMEOUT:
      return "Heartbeat timeout";
    case ErrorCode.OUTBOUND_FULL:
      return "Outbound buffer full";
    case ErrorCode.AUTH_FAILED:
      return "Authentication failed";
    default:
      return "";
  }
}
