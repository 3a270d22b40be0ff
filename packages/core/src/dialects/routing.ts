import type { Payload } from "../shared/bytes.js";
import { GodotError } from "../shared/constants.js";
import type { ServerDialectContext } from "../engine/dialect-contract.js";

/**
 * Godot's target rule, shared by every dialect: 0 = every peer, > 0 = that peer,
 * < 0 = every peer except `-target`. Calls `visit(id, arg)` for each recipient among `peers`, in
 * the order `peers` yields them, and returns `OK`; returns `ERR_INVALID_PARAMETER` (visiting no
 * one) when a positive target is not one of them. `exclude` removes one more id from a
 * broadcast (the sender, when relaying). `arg` (usually the packet) is passed through so that
 * `visit` can be created once rather than per packet: nothing is allocated per call beyond what
 * iterating `peers` costs. Peers that leave during the walk are skipped if `peers` is a live
 * Map or Set view.
 */
export function forEachTarget<A>(
  peers: Iterable<number>,
  has: (id: number) => boolean,
  target: number,
  exclude: number,
  visit: (id: number, arg: A) => unknown,
  arg: A,
): typeof GodotError.OK | typeof GodotError.ERR_INVALID_PARAMETER {
  if (target > 0) {
    if (!has(target)) return GodotError.ERR_INVALID_PARAMETER;
    visit(target, arg);
    return GodotError.OK;
  }
  const skip = -target;
  for (const id of peers) if (id !== skip && id !== exclude) visit(id, arg);
  return GodotError.OK;
}

/**
 * The same rule as a list: the recipients among `peers`, or `ERR_INVALID_PARAMETER` when a
 * positive target is not one of them. Allocates an array per call; routing code uses
 * {@link forEachTarget}.
 */
export function selectTargets(
  peers: Iterable<number>,
  has: (id: number) => boolean,
  target: number,
  exclude = 0,
): number[] | typeof GodotError.ERR_INVALID_PARAMETER {
  const out: number[] = [];
  const result = forEachTarget(peers, has, target, exclude, (id, list) => list.push(id), out);
  return result === GodotError.OK ? out : result;
}

/**
 * Godot's target rule on a server: > 0 sends to that peer (`ERR_INVALID_PARAMETER`, sending
 * nothing, when it is not one), 0 to every peer, < 0 to every peer but `-target`, through the
 * engine's broadcast (one operation for the peers in the transport's fan-out). Per-peer refusals
 * are reported by the engine (`packet_dropped`), not returned, as Godot does.
 */
export function sendToTarget(
  ctx: Pick<ServerDialectContext, "hasPeer" | "sendTo" | "broadcast">,
  target: number,
  data: Payload,
  relayed = false,
): typeof GodotError.OK | typeof GodotError.ERR_INVALID_PARAMETER {
  if (target > 0) {
    if (!ctx.hasPeer(target)) return GodotError.ERR_INVALID_PARAMETER;
    ctx.sendTo(target, data, relayed);
    return GodotError.OK;
  }
  ctx.broadcast(data, -target, 0, relayed);
  return GodotError.OK;
}
