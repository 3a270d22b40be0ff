import { accessSync, constants } from "node:fs";
import { describe, expect, it } from "vitest";
import { findChromium } from "./support/chromium.js";

// The browser suites fail in their setup when Chromium is missing, which vitest shows as
// skipped tests; this test turns the same cause into one plain failure with the fix in it.
describe("Chromium for the browser tests", () => {
  it("is installed and executable", () => {
    const path = findChromium();
    expect(() => accessSync(path, constants.X_OK), `${path} is not an executable file: install Debian's chromium package or set CHROMIUM_PATH`).not.toThrow();
  });
});
