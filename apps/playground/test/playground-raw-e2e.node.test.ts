import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium } from "./support/chromium.js";
import { type PlaygroundProcess, startPlaygroundProcess } from "./support/playground-process.js";

const WAIT = 15_000;

describe("playground end to end (node, raw)", () => {
  let server: PlaygroundProcess | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    server = await startPlaygroundProcess("node", ["--dialect", "raw"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (): Promise<Page> => {
    if (!browser || !server) throw new Error("not set up");
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.locator('#status[data-status="connected"]').waitFor({ timeout: WAIT });
    return page;
  };

  it("connects without ids, and the server passes chat text frames on to the other pages", async () => {
    const [a, b] = [await open(), await open()];
    // Raw mode has no ids on the wire: the page knows only the server, and the routing menu is off.
    await expect(a.locator("#self-id").textContent()).resolves.toBe("0");
    await expect(a.locator("#dialect").inputValue()).resolves.toBe("raw");
    await expect(a.locator("#chat-mode").isDisabled()).resolves.toBe(true);
    await a.fill("#chat-text", "plain text frame");
    await a.click("#chat-send");
    await b.locator('#chat-log .chat-line[data-from="1"] .text', { hasText: "plain text frame" }).waitFor({ timeout: WAIT });
    await a.locator("#packet-log li", { hasText: 'text chat "plain text frame"' }).first().waitFor({ timeout: WAIT });
    await expect.poll(async () => a.locator('[data-stat="server-peers"] .value').textContent(), { timeout: WAIT }).toBe("2");
  });
});
