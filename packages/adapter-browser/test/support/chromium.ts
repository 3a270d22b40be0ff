import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * The Chromium binary: `$CHROMIUM_PATH`, else `chromium` on PATH (Debian's package). Missing
 * Chromium is a test failure, not a skip: the README test command installs it.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const probe = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" });
  const path = probe.status === 0 ? probe.stdout.trim() : "";
  if (!path) {
    throw new Error(
      "Chromium was not found (no `chromium` on PATH, CHROMIUM_PATH unset). The browser tests need it: run the README test command (it installs Debian's `chromium` package) or `apt-get install chromium`.",
    );
  }
  return path;
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  /** Opens `url` in a new tab and waits for the page's control object. */
  openPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile directory, removed again by `close`. */
export async function launchChromium(): Promise<ChromiumSession> {
  const executablePath = findChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), "wsmp-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: ARGS, timeout: 60_000 });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    context,
    async openPage(url) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(url);
      try {
        await page.waitForFunction(() => (window as unknown as { wsmpReady?: boolean }).wsmpReady === true, undefined, { timeout: 15_000 });
      } catch (error) {
        throw new Error(`the test page did not load: ${problems.join("; ") || String(error)}`);
      }
      return page;
    },
    close() {
      closed ??= context.close().finally(() => rm(userDataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}
