import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium } from "./chromium.js";
import { type PlaygroundProcess, startPlaygroundProcess } from "./playground-process.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const ARTIFACTS = join(repoRoot, ".artifacts", "playground");
const README_SHOT = join(repoRoot, "docs", "playground.png");
/** Bound of every wait on the page. */
const WAIT = 15_000;

export interface E2EOptions {
  readonly runtime: "node" | "bun";
  readonly dialect: "godot4" | "godot3";
  /** Copy the first session screenshot to docs/playground.png (when missing, or with UPDATE_SCREENSHOTS=1). */
  readonly readmeShot?: boolean;
}

async function selfId(page: Page): Promise<number> {
  await page.locator('#status[data-status="connected"]').waitFor({ timeout: WAIT });
  const text = await page.locator("#self-id").textContent();
  const id = Number(text);
  expect(id).toBeGreaterThanOrEqual(2);
  return id;
}

function peerRow(page: Page, id: number) {
  return page.locator(`#peers li[data-peer="${id}"]`);
}

async function sendChat(page: Page, mode: "all" | "one" | "except", target: number | undefined, text: string): Promise<void> {
  await page.selectOption("#chat-mode", mode);
  if (target !== undefined) await page.selectOption("#chat-target", String(target));
  await page.fill("#chat-text", text);
  await page.click("#chat-send");
}

function chatFrom(page: Page, from: number, text: string) {
  return page.locator(`#chat-log .chat-line[data-from="${from}"] .text`, { hasText: text });
}

/**
 * The playground end to end in headless Chromium against a playground server child process:
 * pages join and see each other, chat honours the three routing modes, a dot moved in one page
 * moves in the others, and the server view disconnects a page with a close code and reason.
 */
export function describePlaygroundE2E(options: E2EOptions): void {
  const label = `${options.runtime}-${options.dialect}`;
  describe(`playground end to end (${options.runtime}, ${options.dialect})`, () => {
    let server: PlaygroundProcess | undefined;
    let browser: Chromium | undefined;
    const pages: Page[] = [];
    const ids: number[] = [];
    const errors: string[] = [];

    const open = async (path: string): Promise<Page> => {
      if (!browser || !server) throw new Error("not set up");
      const page = await browser.context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${server.origin}${path}`);
      return page;
    };
    const shot = async (page: Page, name: string): Promise<string> => {
      await mkdir(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${label}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    };

    beforeAll(async () => {
      server = await startPlaygroundProcess(options.runtime, ["--dialect", options.dialect]);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it("serves the page, and two pages that join see each other in the peer list", async () => {
      const [a, b] = [await open("/"), await open("/")];
      pages.push(a, b);
      ids.push(await selfId(a), await selfId(b));
      const [idA, idB] = ids as [number, number];
      await peerRow(a, idB).waitFor({ timeout: WAIT });
      await peerRow(b, idA).waitFor({ timeout: WAIT });
      // The server, as Godot reports it, is in the list too; and each page marks itself.
      await expect(peerRow(a, 1).textContent()).resolves.toContain("server");
      await expect(peerRow(a, idA).textContent()).resolves.toContain("you");
      await server?.waitForLine(new RegExp(`^\\+ peer ${idB} joined from 127\\.0\\.0\\.1:\\d+`));
      expect(errors).toEqual([]);
    });

    it("sends chat to one peer only, and to all but one", async () => {
      const c = await open("/");
      pages.push(c);
      ids.push(await selfId(c));
      const [a, b] = pages as [Page, Page, Page];
      const [idA, idB, idC] = ids as [number, number, number];
      await peerRow(a, idC).waitFor({ timeout: WAIT });
      await peerRow(c, idB).waitFor({ timeout: WAIT });

      await sendChat(a, "one", idB, "for B only");
      await chatFrom(b, idA, "for B only").waitFor({ timeout: WAIT });
      await sendChat(a, "except", idC, "for all but C");
      await chatFrom(b, idA, "for all but C").waitFor({ timeout: WAIT });
      // A broadcast sent after both: once C has it, C would have had the others too (one ordered relay).
      await sendChat(a, "all", undefined, "for everyone");
      await chatFrom(c, idA, "for everyone").waitFor({ timeout: WAIT });
      await chatFrom(b, idA, "for everyone").waitFor({ timeout: WAIT });
      await expect(chatFrom(c, idA, "for B only").count()).resolves.toBe(0);
      await expect(chatFrom(c, idA, "for all but C").count()).resolves.toBe(0);
      await expect(a.locator("#chat-log .chat-line").count()).resolves.toBe(3);
    });

    it("moves a dot in one page and shows it moving in the others", async () => {
      const [a, b, c] = pages as [Page, Page, Page];
      const [idA] = ids as [number];
      const board = a.locator("#board");
      const box = await board.boundingBox();
      if (!box) throw new Error("the canvas is not visible");
      await a.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
      await expect.poll(() => peerRow(b, idA).locator(".pos").textContent(), { timeout: WAIT }).toBe("0.25, 0.75");
      // Keyboard: five steps right from 0.25.
      for (let i = 0; i < 5; i++) await board.press("ArrowRight");
      await expect.poll(() => peerRow(b, idA).locator(".pos").textContent(), { timeout: WAIT }).toBe("0.35, 0.75");
      await expect.poll(() => peerRow(c, idA).locator(".pos").textContent(), { timeout: WAIT }).toBe("0.35, 0.75");
      // Let the charts get a few samples before the screenshots.
      await expect.poll(async () => (await a.locator('[data-stat="rtt"] .value').textContent()) ?? "-", { timeout: WAIT }).toMatch(/ms$/);
      await expect.poll(async () => (await a.locator('[data-stat="server-peers"] .value').textContent()) ?? "-", { timeout: WAIT }).toBe("3");
      await shot(a, "session-a");
      await shot(b, "session-b");
      await shot(c, "session-c");
    });

    it("logs wire packets in hex, and holds the log still while paused", async () => {
      const [a, b] = pages as [Page, Page];
      const [idA, idB] = ids as [number, number];
      const entries = a.locator("#packet-log li");
      // The first message a Godot peer gets is its id, and the log keeps it until it is trimmed.
      if (options.dialect === "godot4") await expect(entries.first().textContent()).resolves.toContain(`id ${idA}`);
      await a.click("#log-pause");
      const held = await entries.count();
      await sendChat(b, "one", idA, "while paused");
      await chatFrom(a, idB, "while paused").waitFor({ timeout: WAIT });
      await expect(entries.count()).resolves.toBe(held);
      await expect(a.locator("#log-pause").textContent()).resolves.toMatch(/^Resume \(\d+ new\)$/);
      await a.click("#log-pause");
      await sendChat(b, "one", idA, "after pause");
      await a.locator("#packet-log li", { hasText: 'chat "after pause"' }).waitFor({ timeout: WAIT });
      const hex = await a.locator("#packet-log li", { hasText: 'chat "after pause"' }).locator(".hex").textContent();
      // "after pause" in UTF-8, inside whatever framing the dialect adds.
      expect(hex).toContain("61 66 74 65 72 20 70 61 75 73 65");
      // By now the charts have some history: this is the picture the README shows.
      const later = await shot(b, "session-b-later");
      if (options.readmeShot) {
        const missing = await stat(README_SHOT).then(
          () => false,
          () => true,
        );
        if (missing || process.env["UPDATE_SCREENSHOTS"] === "1") {
          await mkdir(dirname(README_SHOT), { recursive: true });
          await copyFile(later, README_SHOT);
        }
      }
    });

    it("disconnects a page from the server view, and the others see it leave", async () => {
      const [a, b, c] = pages as [Page, Page, Page];
      const [, idB] = ids as [number, number];
      const admin = await open("/server");
      await admin.locator(`#admin-peers tr[data-peer="${idB}"]`).waitFor({ timeout: WAIT });
      await expect(admin.locator("#admin-peers tbody tr").count()).resolves.toBe(3);
      await expect(admin.locator(`#admin-peers tr[data-peer="${idB}"] td`).nth(1).textContent()).resolves.toBe("127.0.0.1");
      await admin.fill("#admin-code", "4001");
      await admin.fill("#admin-reason", "kicked by the test");
      await admin.click(`[data-disconnect="${idB}"]`);

      await b.locator('#status[data-status="closed"]').waitFor({ timeout: WAIT });
      await expect(b.locator("#status").textContent()).resolves.toContain('code 4001, "kicked by the test"');
      await peerRow(a, idB).waitFor({ state: "detached", timeout: WAIT });
      await peerRow(c, idB).waitFor({ state: "detached", timeout: WAIT });
      await admin.locator(`#admin-peers tr[data-peer="${idB}"]`).waitFor({ state: "detached", timeout: WAIT });
      await server?.waitForLine(new RegExp(`^- peer ${idB} closed by the server, code 4001`));
      await shot(admin, "server-view");
      await shot(b, "session-b-kicked");
      expect(errors).toEqual([]);
    });

    it("joins sessions by name: pages in one session see each other and not the lobby; the server view lists each session's peers", async () => {
      const [a] = pages as [Page];
      const [idA] = ids as [number];
      const x = await open("/?connect=0");
      await x.fill("#session-name", "match-7");
      await x.click("#session-join");
      const idX = await selfId(x);
      const y = await open("/?connect=0");
      await y.locator('#sessions li[data-session="match-7"] [data-join="match-7"]').click({ timeout: WAIT });
      const idY = await selfId(y);
      await peerRow(x, idY).waitFor({ timeout: WAIT });
      await peerRow(y, idX).waitFor({ timeout: WAIT });
      await expect(peerRow(x, idA).count()).resolves.toBe(0);
      await expect(peerRow(a, idX).count()).resolves.toBe(0);
      await expect.poll(() => y.locator('#sessions li[data-session="match-7"]').textContent(), { timeout: WAIT }).toContain("2 peers");
      await sendChat(x, "all", undefined, "only in match-7");
      await chatFrom(y, idX, "only in match-7").waitFor({ timeout: WAIT });
      await expect(chatFrom(a, idX, "only in match-7").count()).resolves.toBe(0);
      const admin = await open("/server");
      await admin.locator(`#admin-peers tr[data-peer="${idX}"][data-session="match-7"]`).waitFor({ timeout: WAIT });
      await admin.locator(`#admin-peers tr[data-peer="${idA}"][data-session="lobby"]`).waitFor({ timeout: WAIT });
      await server?.waitForLine(new RegExp(`^\\+ peer ${idY} joined from .* · 2 peers in match-7$`));
      await shot(admin, "server-view-sessions");
      await x.close();
      await y.close();
      expect(errors).toEqual([]);
    });
  });
}
