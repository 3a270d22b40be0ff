import type { Runtime } from "../contract/transport.js";

/**
 * The one timer a facade keeps for its engine. Engines report each new deadline through
 * `wake`; the timer is re-armed only when that deadline is earlier than the armed one, and on
 * firing it runs `tick` and arms the next deadline the engine reports.
 */
export class DeadlineTimer {
  private armedAt = Number.POSITIVE_INFINITY;
  private cancel: (() => void) | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly tick: (now: number) => number | undefined,
  ) {}

  wake(deadline: number): void {
    if (deadline >= this.armedAt) return;
    this.cancel?.();
    this.armedAt = deadline;
    this.cancel = this.runtime.setTimer(Math.max(0, deadline - this.runtime.now()), () => this.fire());
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.cancel = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const next = this.tick(this.runtime.now());
    if (next !== undefined) this.wake(next);
  }
}
