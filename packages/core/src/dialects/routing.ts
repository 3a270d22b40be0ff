import { GodotError } from "../constants.js";

/**
 * Godot's target rule, shared by every dialect: 0 = every peer, > 0 = that peer,
 * < 0 = every peer except `-target`. Returns the recipients among `peers`, or
 * `ERR_INVALID_PARAMETER` when a positive target is not one of them.
 * `exclude` removes one more id (the sender, when relaying).
 */
export function selectTargets(
  peers: Iterable<number>,
  has: (id: number) => boolean,
  target: number,
  exclude = 0,
): number[] | typeof GodotError.ERR_INVALID_PARAMETER {
  if (target > 0) return has(target) ? [target] : GodotError.ERR_INVALID_PARAMETER;
  const out: number[] = [];
  const skip = -target;
  for (const id of peers) if (id !== skip && id !== exclude) out.push(id);
  return out;
}
