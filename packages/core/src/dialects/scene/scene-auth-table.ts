import { GodotError } from "../../shared/constants.js";
import { isPromiseLike } from "../../engine/admission.js";
import { encodeAuth, encodeAuthComplete, type ScenePacket } from "./scene-codec.js";
import { AuthFailureReason, type SceneAuthCallback, type SceneAuthResult } from "./scene-options.js";

/**
 * In-band authentication as SceneMultiplayer runs it, for either side.
 *
 * Rules:
 * 1. A peer is pending from `begin` until both sides completed: this side by `complete`
 *    (which sends `07 00`), the remote side by sending `07 00`. Then `admit` runs.
 * 2. While pending, only AUTH packets are accepted from the peer; `07 00 <data>` goes to the
 *    callback, anything else is refused (the caller drops it and says so).
 * 3. `send` needs a pending peer, non-empty data, and neither side completed yet.
 * 4. A pending peer past its deadline, or whose callback answered `false` or failed, is removed
 *    and `fail` runs. A peer that leaves is removed by `forget`.
 * 5. A callback's late answer for a peer that is no longer pending (or pending again under the
 *    same id after reconnecting) is ignored.
 */

export interface AuthHooks {
  /** Sends one AUTH message to the peer. */
  send(id: number, data: Uint8Array): GodotError;
  /** Both sides completed: admit the peer. */
  admit(id: number): void;
  /** The authentication failed; the peer is no longer pending. */
  fail(id: number, reason: AuthFailureReason, error?: unknown): void;
  /** Asks to be ticked at `deadline`. */
  wake(deadline: number): void;
}

interface Session {
  local: boolean;
  remote: boolean;
  readonly deadline: number;
}

export class AuthTable {
  private readonly sessions = new Map<number, Session>();

  constructor(
    private readonly callback: SceneAuthCallback,
    private readonly timeoutMs: number,
    private readonly hooks: AuthHooks,
  ) {}

  begin(id: number, now: number): void {
    const deadline = this.timeoutMs > 0 ? now + this.timeoutMs : Number.POSITIVE_INFINITY;
    this.sessions.set(id, { local: false, remote: false, deadline });
    if (Number.isFinite(deadline)) this.hooks.wake(deadline);
  }

  isPending(id: number): boolean {
    return this.sessions.has(id);
  }

  ids(): number[] {
    return [...this.sessions.keys()];
  }

  /** A packet from a pending peer (`isPending`). Returns why it was refused, or undefined when it was taken. */
  receive(id: number, packet: ScenePacket): string | undefined {
    const session = this.sessions.get(id)!;
    if (packet.kind === "auth") {
      this.invoke(id, session, packet.data.slice());
      return undefined;
    }
    if (packet.kind === "auth_complete") {
      session.remote = true;
      if (session.local) this.admit(id);
      return undefined;
    }
    return `peer ${id} is authenticating: only AUTH packets (07 00 ...) are allowed until both sides completed`;
  }

  send(id: number, data: Uint8Array): GodotError {
    const session = this.sessions.get(id);
    if (!session || data.byteLength === 0) return GodotError.ERR_INVALID_PARAMETER;
    if (session.local || session.remote) return GodotError.ERR_FILE_CANT_WRITE;
    return this.hooks.send(id, encodeAuth(data));
  }

  complete(id: number): GodotError {
    const session = this.sessions.get(id);
    if (!session) return GodotError.ERR_INVALID_PARAMETER;
    if (session.local) return GodotError.ERR_FILE_CANT_WRITE;
    session.local = true;
    const err = this.hooks.send(id, encodeAuthComplete());
    // The confirmation goes out first, so whatever admission sends follows it on the wire.
    if (session.remote && this.sessions.get(id) === session) this.admit(id);
    return err;
  }

  /** Fails every session past its deadline. */
  tick(now: number): void {
    for (const [id, session] of [...this.sessions]) {
      // A session a listener ended on the way is gone already: `end` skips it.
      if (session.deadline <= now) this.end(id, AuthFailureReason.TIMEOUT);
    }
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const session of this.sessions.values()) {
      // Stryker disable next-line EqualityOperator: of two equal deadlines either one is the answer
      if (Number.isFinite(session.deadline) && (next === undefined || session.deadline < next)) next = session.deadline;
    }
    return next;
  }

  /** The peer left. Returns true when it was still authenticating. */
  forget(id: number): boolean {
    return this.sessions.delete(id);
  }

  /** Ends a pending session with a failure (nothing when the peer is not pending). */
  end(id: number, reason: AuthFailureReason, error?: unknown): void {
    if (this.sessions.delete(id)) this.hooks.fail(id, reason, error);
  }

  private admit(id: number): void {
    this.sessions.delete(id);
    this.hooks.admit(id);
  }

  private invoke(id: number, session: Session, data: Uint8Array): void {
    let result: SceneAuthResult | Promise<SceneAuthResult>;
    try {
      result = this.callback(id, data);
    } catch (error) {
      this.settleFailure(id, session, error);
      return;
    }
    if (isPromiseLike(result)) {
      result.then(
        (value) => this.settle(id, session, value),
        (error: unknown) => this.settleFailure(id, session, error),
      );
    } else this.settle(id, session, result);
  }

  private settle(id: number, session: Session, value: SceneAuthResult): void {
    if (this.sessions.get(id) !== session) return;
    // `complete` does nothing more when this side already completed.
    if (value === true) this.complete(id);
    else if (value === false) this.end(id, AuthFailureReason.REJECTED);
  }

  private settleFailure(id: number, session: Session, error: unknown): void {
    if (this.sessions.get(id) === session) this.end(id, AuthFailureReason.CALLBACK_ERROR, error);
  }
}
