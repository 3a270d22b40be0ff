import type { Capabilities, ClientHandle, ClientStartOptions, Harness, ServerHandle } from "@wsmp/conformance/harness";
import { HARNESS_SPEC_VERSION } from "@wsmp/conformance/harness";
import { adapterCapabilities, clientOptions } from "@wsmp/conformance";
import { capabilities } from "../../src/index.js";
import type { Page } from "playwright-core";
import type { PageControl, PageErrorInfo, PageResult } from "../page/wire.js";
import { type ChromiumSession, launchChromium } from "./chromium.js";
import { type StaticServer, startStaticServer } from "./static-server.js";

/** An error thrown in the page, rebuilt on the Node side with its name and stable code. */
export class PageError extends Error {
  readonly code: string | undefined;
  readonly godotError: number | undefined;
  constructor(info: PageErrorInfo) {
    super(info.message);
    this.name = info.name;
    this.code = info.code;
    this.godotError = info.godotError;
  }
}

function unwrap<T>(result: PageResult<T>): T {
  if (!result.ok) throw new PageError(result.error);
  return result.value;
}

type Method<K extends keyof PageControl> = PageControl[K] extends (...args: infer A) => infer R ? { args: A; result: Awaited<R> } : never;

/** Runs one method of the page's control object. */
export async function callControl<K extends keyof PageControl>(page: Page, name: K, ...args: Method<K>["args"]): Promise<Method<K>["result"]> {
  const result = await page.evaluate(
    ([method, params]) => {
      const target = (window as unknown as { wsmpControl: Record<string, (...a: unknown[]) => unknown> }).wsmpControl;
      return target[method]!(...params);
    },
    [name, args] as [string, unknown[]],
  );
  return result as Method<K>["result"];
}

/** A client in the page: the conformance `ClientHandle`, plus direct access to the client's properties. */
export interface PageClient extends ClientHandle {
  readonly handle: number;
  get(name: string): Promise<unknown>;
  set(name: string, value: unknown): Promise<void>;
}

const CLIENT_METHODS = ["connect", "put", "putMany", "receive", "availablePackets", "events", "state", "disconnect", "terminate", "close"] as const;

/** Creates a client in the page with `createClient(url, tls, options)`; rejects with the page's error. */
export async function startPageClient(page: Page, url: string, tls?: unknown, options?: Record<string, unknown>): Promise<PageClient> {
  const handle = unwrap(await callControl(page, "startClient", url, tls, options));
  const proxy: Record<string, unknown> = {
    handle,
    get: async (name: string) => unwrap(await callControl(page, "get", handle, name)),
    set: async (name: string, value: unknown) => void unwrap(await callControl(page, "set", handle, name, value)),
  };
  for (const method of CLIENT_METHODS) {
    proxy[method] = async (...args: unknown[]) => {
      // A Playwright call cannot carry `undefined` inside an array faithfully: trim trailing ones.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      const value = unwrap(await callControl(page, "call", handle, method, args));
      return value === null && (method === "disconnect" || method === "terminate" || method === "close") ? undefined : value;
    };
  }
  return proxy as unknown as PageClient;
}

/** What a browser client can do, as the adapter declares it; the page has no servers and no sockets of its own. */
export const CHROMIUM_CAPABILITIES: Capabilities = adapterCapabilities({ capabilities }, false);

export interface ChromiumHarness extends Harness {
  /** The page the clients live in (after `setup`). */
  readonly page: Page;
  setup(): Promise<void>;
  dispose(): Promise<void>;
  startPageClient(url: string, tls?: unknown, options?: Record<string, unknown>): Promise<PageClient>;
  /** Opens an extra page with this HTML, served from the same origin as the bundle (`/wsmp-browser.js`). */
  /** Opens `html` at `path` in a new page; `prepare` runs before navigation (e.g. to attach console listeners). */
  openExtraPage(path: string, html: string, prepare?: (page: Page) => void): Promise<Page>;
}

/**
 * The conformance harness for @wsmp/adapter-browser: clients run in one headless Chromium page
 * that loaded dist/wsmp-browser.js from a local static server. It has no servers of its own;
 * pair it with the Node or Bun harness as the server side.
 */
export function createChromiumHarness(): ChromiumHarness {
  let session: ChromiumSession | undefined;
  let files: StaticServer | undefined;
  let current: Page | undefined;
  let disposed: Promise<void> | undefined;
  const page = (): Page => {
    if (!current) throw new Error("the Chromium harness is not set up (call setup() first)");
    return current;
  };
  return {
    specVersion: HARNESS_SPEC_VERSION,
    name: "chromium",
    capabilities: CHROMIUM_CAPABILITIES,
    get page() {
      return page();
    },
    async setup() {
      if (current) return;
      files = await startStaticServer();
      session = await launchChromium();
      current = await session.openPage(files.url);
    },
    startServer(): Promise<ServerHandle> {
      return Promise.reject(new Error("a browser cannot listen: the chromium harness only starts clients"));
    },
    async startClient(url: string, options: ClientStartOptions = {}) {
      const tls = options.tls === undefined ? undefined : { kind: "client", ...options.tls };
      return startPageClient(page(), url, tls, clientOptions(options) as Record<string, unknown>);
    },
    startPageClient: (url, tls, options) => startPageClient(page(), url, tls, options),
    async openExtraPage(path, html, prepare) {
      if (!session || !files) throw new Error("the Chromium harness is not set up (call setup() first)");
      files.addPage(path, html);
      const extra = await session.context.newPage();
      prepare?.(extra);
      await extra.goto(new URL(path, files.url).href);
      return extra;
    },
    async teardown() {
      if (current && !current.isClosed()) await callControl(current, "closeAll");
    },
    async openHandles() {
      return current && !current.isClosed() ? callControl(current, "openClients") : 0;
    },
    dispose() {
      disposed ??= (async () => {
        try {
          if (current && !current.isClosed()) await callControl(current, "closeAll").catch(() => undefined);
          await session?.close();
        } finally {
          await files?.close();
          current = undefined;
        }
      })();
      return disposed;
    },
  };
}
