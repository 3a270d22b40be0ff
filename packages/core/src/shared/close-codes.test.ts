import { describe, expect, it } from "vitest";
import { checkClose, checkCloseCode, isSendableCloseCode } from "./close-codes.js";
import { InvalidArgumentError } from "./errors.js";

describe("close codes an application may send", () => {
  it("accepts 1000-1003, 1007-1011 and 3000-4999 and nothing else, at each edge", () => {
    const accepted = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4000, 4999];
    const refused = [-1, 0, 999, 1004, 1005, 1006, 1012, 1015, 2000, 2999, 5000, 65535, 1000.5, Number.NaN];
    for (const code of accepted) expect(isSendableCloseCode(code), String(code)).toBe(true);
    for (const code of refused) {
      expect(isSendableCloseCode(code), String(code)).toBe(false);
      expect(() => checkCloseCode(code)).toThrow(InvalidArgumentError);
    }
  });

  it("takes a reason of up to 123 UTF-8 bytes", () => {
    expect(() => checkClose(1000, "x".repeat(123))).not.toThrow();
    expect(() => checkClose(1000, "x".repeat(124))).toThrow(InvalidArgumentError);
    expect(() => checkClose(1000, "\u20ac".repeat(41))).not.toThrow(); // 123 bytes
    expect(() => checkClose(1000, `${"\u20ac".repeat(41)}x`)).toThrow(InvalidArgumentError); // 124 bytes
    expect(() => checkClose(1000, 5 as unknown as string)).toThrow(InvalidArgumentError);
  });
});
