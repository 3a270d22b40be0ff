import { describe, expect, it } from "vitest";
import { Emitter } from "./emitter.js";

type Events = { [name: string]: (...args: never[]) => void; tick: (n: number) => void; other: () => void };

describe("Emitter", () => {
  it("calls listeners in registration order with the arguments", () => {
    const e = new Emitter<Events>();
    const log: string[] = [];
    e.on("tick", (n) => log.push(`a${n}`)).on("tick", (n) => log.push(`b${n}`));
    e.emit("tick", 1);
    e.emit("other");
    expect(log).toEqual(["a1", "b1"]);
    expect(e.listenerCount("tick")).toBe(2);
    expect(e.listenerCount("other")).toBe(0);
  });

  it("once() fires a single time", () => {
    const e = new Emitter<Events>();
    let n = 0;
    e.once("tick", () => n++);
    e.emit("tick", 1);
    e.emit("tick", 2);
    expect(n).toBe(1);
    expect(e.listenerCount("tick")).toBe(0);
  });

  it("off() removes a listener added with once()", () => {
    const e = new Emitter<Events>();
    let n = 0;
    const listener = (): void => void n++;
    e.once("tick", listener);
    e.off("tick", listener);
    expect(e.listenerCount("tick")).toBe(0);
    e.emit("tick", 1);
    expect(n).toBe(0);
  });

  it("a listener removed during an emit still runs for that emit; one added does not", () => {
    const e = new Emitter<Events>();
    const log: string[] = [];
    const b = (): void => void log.push("b");
    e.on("tick", () => {
      log.push("a");
      e.off("tick", b);
      e.on("tick", () => log.push("c"));
    });
    e.on("tick", b);
    e.emit("tick", 1);
    expect(log).toEqual(["a", "b"]);
  });

  it("runs every listener even when one throws, then rethrows the first error", () => {
    const e = new Emitter<Events>();
    const log: string[] = [];
    e.on("tick", () => {
      throw new Error("first");
    });
    e.on("tick", () => {
      log.push("second ran");
      throw new Error("second");
    });
    expect(() => e.emit("tick", 1)).toThrow("first");
    expect(log).toEqual(["second ran"]);
  });

  it("removeAllListeners empties every event", () => {
    const e = new Emitter<Events>();
    e.on("tick", () => {}).on("other", () => {});
    e.removeAllListeners();
    expect(e.listenerCount("tick") + e.listenerCount("other")).toBe(0);
  });
});
