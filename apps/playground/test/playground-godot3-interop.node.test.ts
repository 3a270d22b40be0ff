import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium } from "./support/chromium.js";
import { type PlaygroundProcess, startPlaygroundProcess } from "./support/playground-process.js";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "godot3-relay-server.gd");
const WAIT = 15_000;

/** `$GODOT3_BIN` (as the interop-godot3 suites), else `godot3-server` on PATH. */
function godotBinary(): string {
  const fromEnv = process.env["GODOT3_BIN"];
  if (fromEnv) return fromEnv;
  const found = spawnSync("sh", ["-c", "command -v godot3-server"], { encoding: "utf8" });
  const path = found.status === 0 ? found.stdout.trim() : "";
  if (!path) throw new Error("no `godot3-server` on PATH and GODOT3_BIN unset: the README test command installs it (Debian package `godot3-server`)");
  return path;
}

/** A port that was free a moment ago (Godot 3 cannot report the port it bound for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The page, served by the playground, joins a real Godot 3.2.3 server instead of its own. */
describe("playground against a Godot 3 server (godot3 dialect)", () => {
  let godot: ChildProcess | undefined;
  let home: string | undefined;
  let output = "";
  let godotPort = 0;
  let playground: PlaygroundProcess | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    godotPort = await freePort();
    home = await mkdtemp(join(tmpdir(), "wsmp-godot3-home-"));
    const child = spawn(godotBinary(), ["--no-window", "-s", SCRIPT, `--port=${godotPort}`], { env: { ...process.env, HOME: home }, stdio: ["ignore", "pipe", "pipe"] });
    godot = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Godot did not listen within 20 s:\n${output}`)), 20_000);
      child.once("exit", (code) => reject(new Error(`Godot exited with ${code}:\n${output}`)));
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        if (output.includes(`LISTENING ${godotPort}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    playground = await startPlaygroundProcess("node", ["--quiet"]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    if (godot && godot.exitCode === null && godot.signalCode === null) {
      const exited = new Promise((resolve) => godot?.once("exit", resolve));
      godot.kill("SIGKILL");
      await exited;
    }
    if (home) await rm(home, { recursive: true, force: true });
  });

  const open = async (): Promise<[Page, number]> => {
    if (!browser || !playground) throw new Error("not set up");
    const page = await browser.context.newPage();
    await page.goto(`${playground.origin}/?dialect=godot3&url=${encodeURIComponent(`ws://127.0.0.1:${godotPort}/`)}`);
    await page.locator('#status[data-status="connected"]').waitFor({ timeout: WAIT });
    return [page, Number(await page.locator("#self-id").textContent())];
  };

  it("lists the peers Godot announces and chats through Godot's relay", async () => {
    const [a, idA] = await open();
    const [b, idB] = await open();
    expect(idA).toBeGreaterThanOrEqual(2);
    await a.locator(`#peers li[data-peer="${idB}"]`).waitFor({ timeout: WAIT });
    await b.locator(`#peers li[data-peer="${idA}"]`).waitFor({ timeout: WAIT });
    await b.locator('#peers li[data-peer="1"]').waitFor({ timeout: WAIT });
    expect(output).toContain(`JOINED ${idA}`);

    await a.selectOption("#chat-mode", "one");
    await a.selectOption("#chat-target", String(idB));
    await a.fill("#chat-text", "through Godot");
    await a.click("#chat-send");
    await b.locator(`#chat-log .chat-line[data-from="${idA}"] .text`, { hasText: "through Godot" }).waitFor({ timeout: WAIT });

    const box = await a.locator("#board").boundingBox();
    if (!box) throw new Error("no canvas");
    await a.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await expect.poll(() => b.locator(`#peers li[data-peer="${idA}"] .pos`).textContent(), { timeout: WAIT }).toBe("0.50, 0.20");

    await a.click("#disconnect");
    await b.locator(`#peers li[data-peer="${idA}"]`).waitFor({ state: "detached", timeout: WAIT });
  });
});
