import { describe, expect, it } from "vitest";
import { DeadlineTimer } from "./deadline-timer.js";
import { ManualClock } from "../testing/index.js";

describe("DeadlineTimer", () => {
  function setup(next: (now: number) => number | undefined) {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const timer = new DeadlineTimer(clock.runtime(), (now) => {
      ticks.push(now);
      return next(now);
    });
    return { clock, ticks, timer };
  }

  it("keeps one timer, re-armed only for an earlier deadline", () => {
    const { clock, ticks, timer } = setup(() => undefined);
    timer.wake(100);
    timer.wake(200); // later: ignored
    expect(clock.pendingTimers).toBe(1);
    timer.wake(50); // earlier: replaces the armed one
    expect(clock.pendingTimers).toBe(1);
    clock.advance(49);
    expect(ticks).toEqual([]);
    clock.advance(1);
    expect(ticks).toEqual([50]);
    clock.advance(1000);
    expect(ticks).toEqual([50]);
  });

  it("arms the next deadline the tick reports", () => {
    const deadlines = [300, 700];
    const { clock, ticks, timer } = setup(() => deadlines.shift());
    timer.wake(100);
    clock.advance(1000);
    expect(ticks).toEqual([100, 300, 700]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("fires at once for a deadline in the past, and stop() cancels", () => {
    const { clock, ticks, timer } = setup(() => undefined);
    clock.advance(500);
    timer.wake(100);
    clock.advance(0);
    expect(ticks).toEqual([500]);
    timer.wake(900);
    timer.stop();
    clock.advance(1000);
    expect(ticks).toEqual([500]);
    timer.wake(2000); // usable again after stop()
    clock.advance(1000);
    expect(ticks).toEqual([500, 2000]);
  });
});
