import type { HarnessEvent } from "./harness.js";

/**
 * An append-only list of events with long-poll reads, for harness implementations:
 * `read(since, waitMs)` answers at once when events past `since` exist, otherwise when the
 * next one arrives or the wait ends.
 */
export interface EventLog {
  push(event: HarnessEvent): void;
  read(since?: number, waitMs?: number): Promise<HarnessEvent[]>;
  readonly length: number;
  /** Ends every pending read (with what is there). */
  close(): void;
}

export function createEventLog(): EventLog {
  const events: HarnessEvent[] = [];
  let waiters: (() => void)[] = [];
  const wakeAll = (): void => {
    const list = waiters;
    waiters = [];
    for (const wake of list) wake();
  };
  return {
    push(event) {
      events.push(event);
      wakeAll();
    },
    read(since = 0, waitMs = 0) {
      if (events.length > since || waitMs <= 0) return Promise.resolve(events.slice(since));
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve(events.slice(since));
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          done();
        }, waitMs);
        waiters.push(done);
      });
    },
    get length() {
      return events.length;
    },
    close: wakeAll,
  };
}
