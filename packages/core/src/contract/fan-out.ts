import type { Payload } from "../shared/bytes.js";
import type { Connection } from "./connection.js";

/**
 * One message to many connections at once: what a runtime can do faster than one `send` per
 * socket (Bun: a topic and `publish`; Node: the frame built once and the same bytes written to
 * every socket). A transport that has it gives each of its connections the same `FanOut` object
 * (`Connection.fanOut`, capability `fanOut`); connections without one are sent to one by one.
 *
 * The core still decides who receives what: it makes one group per server (per session of a
 * server of sessions), puts a peer in it while the peer's outbound buffer has room and takes it
 * out when it has not (such a peer gets one `send` per message, each checked against the limits,
 * as without a fan-out), and sends through the group only what every member may take.
 */
export interface FanOut {
  /** A new, empty group of this transport's connections. */
  createGroup(): FanOutGroup;
}

/**
 * A set of open connections of one transport that `send` reaches in one operation. What the core
 * relies on:
 * - per connection, the messages of `send` (the group's) and of `Connection.send` go out in the
 *   order they were called;
 * - every receiver's `bufferedAmount` (and `bufferedMessages`, when the transport reports it)
 *   counts the message until it is written, from the moment `send` returns, or, where the runtime
 *   holds group messages back (Bun writes them when its event-loop turn ends), from the moment
 *   the runtime writes it: the messages held back when the core measures a member are then how
 *   far that member's buffer can go past `outboundBufferSize` (say how many in the adapter's docs);
 * - no message is dropped by the runtime for backpressure (the core checks the limits first);
 * - a member that closed is skipped; `add` and `delete` may be called for any connection of the
 *   transport, in any order (deleting a non-member does nothing).
 */
export interface FanOutGroup {
  /** `connection` receives the group's messages from now on. */
  add(connection: Connection): void;
  /** `connection` receives no more of the group's messages (those already sent stay queued, in order). */
  delete(connection: Connection): void;
  /** Sends `data` as one whole message (string: text, bytes: binary) to every member but `except`. */
  send(data: Payload, except: Connection | undefined): void;
}
