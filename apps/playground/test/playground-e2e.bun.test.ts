import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describePlaygroundE2E } from "./support/e2e-suite.js";
import { MAIN } from "./support/playground-process.js";

describePlaygroundE2E({ runtime: "bun", dialect: "godot4" });
describePlaygroundE2E({ runtime: "bun", dialect: "godot3" });

describe("--runtime bun from Node", () => {
  it("re-runs the server under Bun and passes SIGTERM on to it", async () => {
    const child = spawn(process.execPath, [MAIN, "--runtime", "bun", "--port", "0", "--bind", "127.0.0.1", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 15 s: ${output}`)), 15_000);
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          output += chunk;
          if (/wsmp playground on http:\/\/\S+ \(bun, godot4\)/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const port = Number(/:(\d+)\//.exec(output)?.[1]);
      const info = await (await fetch(`http://127.0.0.1:${port}/info`)).json();
      expect(info).toEqual({ runtime: "bun", dialect: "godot4", protocols: [] });
      child.kill("SIGTERM");
      await expect(exited).resolves.toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
