import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fifo } from "./fifo.js";

describe("Fifo", () => {
  it("behaves like an array used as a queue across growth and wrap-around", () => {
    const op = fc.oneof(fc.record({ push: fc.integer() }), fc.constant("shift" as const), fc.constant("clear" as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const o of ops) {
          if (o === "shift") expect(fifo.shift()).toBe(model.shift());
          else if (o === "clear") {
            fifo.clear();
            model.length = 0;
          } else {
            fifo.push(o.push);
            model.push(o.push);
          }
          expect(fifo.length).toBe(model.length);
          expect(fifo.peek()).toBe(model[0]);
        }
        expect([...fifo]).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});
