/**
 * The heartbeat of one connection (opt-in: `heartbeatInterval` > 0). Nothing is measured per
 * message: an incoming message or pong only raises `alive`; the clock is read when a deadline
 * passes. At each deadline:
 * 1. the connection showed life since the last deadline: wait another interval;
 * 2. else, no ping is outstanding: send one and wait `heartbeatTimeout` for an answer;
 * 3. else (a ping went unanswered for the whole timeout): the connection is dead.
 * So a silent peer is pinged between one and two intervals after it went quiet, and declared dead
 * `heartbeatTimeout` seconds after that ping.
 */
export interface Heartbeat {
  /** When the next step is due (ms). */
  due: number;
  /** A ping is outstanding. */
  waiting: boolean;
  /** A message or pong arrived since the last step. */
  alive: boolean;
}

export function createHeartbeat(now: number, intervalMs: number): Heartbeat {
  return { due: now + intervalMs, waiting: false, alive: false };
}

/** What the owner must do now: send a ping, close the dead connection, or nothing. */
export type HeartbeatAction = "ping" | "dead" | undefined;

/** One step of a heartbeat whose deadline has come (the owner checks `due` first). */
export function stepHeartbeat(beat: Heartbeat, now: number, intervalMs: number, timeoutMs: number): HeartbeatAction {
  if (beat.alive) {
    beat.alive = false;
    beat.waiting = false;
    beat.due = now + intervalMs;
    return undefined;
  }
  if (beat.waiting) return "dead";
  beat.waiting = true;
  beat.due = now + timeoutMs;
  return "ping";
}

/**
 * The step of a connection's heartbeat that is due at `now`, with the live options: `"off"` when
 * `heartbeatInterval` was set to 0 since (the owner drops the heartbeat), else what `stepHeartbeat`
 * says. The owner calls it only once `due` has come.
 */
export function dueHeartbeat(beat: Heartbeat, now: number, options: { readonly heartbeatInterval: number; readonly heartbeatTimeout: number }): HeartbeatAction | "off" {
  const interval = options.heartbeatInterval * 1000;
  if (interval <= 0) return "off";
  return stepHeartbeat(beat, now, interval, options.heartbeatTimeout * 1000);
}
