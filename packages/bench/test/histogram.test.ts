import { describe, expect, it } from "vitest";
import { Histogram } from "../src/loadgen/histogram.js";

describe("latency histogram", () => {
  it("answers quantiles of what it recorded, within its precision", () => {
    const hist = new Histogram();
    expect(hist.quantile(0.5)).toBeNaN();
    for (let us = 1; us <= 1000; us++) hist.add(us);
    expect(hist.count).toBe(1000);
    expect(hist.quantile(0.5)).toBeGreaterThanOrEqual(499);
    expect(hist.quantile(0.5)).toBeLessThanOrEqual(501);
    expect(hist.quantile(0.99)).toBeGreaterThanOrEqual(989);
    expect(hist.quantile(0.99)).toBeLessThanOrEqual(991);
  });

  it("counts sub-microsecond latencies as 1 µs and keeps large ones to three figures", () => {
    const hist = new Histogram();
    hist.add(0.2);
    hist.add(123_456);
    expect(hist.quantile(0.01)).toBe(1);
    expect(Math.abs(hist.quantile(1) - 123_456) / 123_456).toBeLessThan(0.001);
  });
});
