import type { Connection } from "../contract/connection.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { ServerLimits } from "../shared/server-limits.js";
import { outboundRefusal } from "./outbound-limit.js";

/**
 * The `slowPeer` rule of one peer, on the engine's clock. A peer is slow while its outbound buffer
 * keeps refusing messages. What the policy does with a refused message:
 * - `"drop"`: nothing more (Godot's behaviour);
 * - `"close-on-relay"`: a relayed message closes the receiver at once, the application's own sends
 *   only drop;
 * - `"close"`: the first refusal starts a clock; the peer is closed once the buffer has refused for
 *   `slowPeerTimeout` seconds, checked both when a later message is refused and at that deadline
 *   (`tick`), so a peer whose buffer stays full while nothing more is sent to it is closed too.
 *   "Still full" at the deadline means the smallest message refused since the clock started would
 *   still be refused; a buffer that drained enough to take it clears the clock, as does any send
 *   that goes through.
 */
export interface SlowState {
  /** When (ms) the buffer first refused a message since it last took one. */
  readonly since: number;
  /** The smallest message (bytes) refused since then. */
  size: number;
}

/** What to do with a peer whose buffer just refused a message of `size` bytes. */
export function onRefused(
  state: SlowState | undefined,
  size: number,
  relayed: boolean,
  now: number,
  limits: Pick<ServerLimits, "slowPeer" | "slowPeerTimeout">,
): { readonly state: SlowState | undefined; readonly close: boolean } {
  const policy = limits.slowPeer;
  if (policy === "drop" || (policy === "close-on-relay" && !relayed)) return { state, close: false };
  if (policy === "close-on-relay") return { state, close: true };
  const next = state ?? { since: now, size };
  next.size = Math.min(next.size, size);
  return { state: next, close: now - next.since >= limits.slowPeerTimeout * 1000 };
}

/** When the clock of a slow peer runs out, if it is running (only `"close"` starts one). */
export function slowDeadline(state: SlowState | undefined, limits: Pick<ServerLimits, "slowPeerTimeout">): number | undefined {
  return state ? state.since + limits.slowPeerTimeout * 1000 : undefined;
}

/** At the deadline: is the buffer still refusing (close the peer), or did it drain (clear the clock)? */
export function stillFull(connection: Connection, state: SlowState, options: Pick<PeerOptions, "maxQueuedPackets" | "outboundBufferSize">): boolean {
  return outboundRefusal(connection, state.size, options) !== undefined;
}
