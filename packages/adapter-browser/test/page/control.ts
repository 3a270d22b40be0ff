/**
 * The control object of the test page. The page loads dist/wsmp-browser.js with a plain
 * `<script type="module">`, puts it on `window.wsmp`, then loads this script, which puts
 * `window.wsmpControl` beside it for the Node-side tests to drive with `page.evaluate`.
 * Clients are wrapped in the conformance suite's in-realm `ClientHandle`, so the page speaks
 * the harness contract and the Node side only forwards calls.
 */
import { createClientHandle } from "@wsmp/conformance/handles";
import type { ClientHandle } from "@wsmp/conformance/harness";
import type * as Wsmp from "../../src/index.js";
import type { PageControl, PageErrorInfo, PageResult } from "./wire.js";

declare global {
  interface Window {
    wsmp: typeof Wsmp;
    wsmpControl: PageControl;
  }
}

interface Entry {
  readonly client: Wsmp.MultiplayerClient;
  readonly handle: ClientHandle;
  /** Set by `closeAll`; the handle stays callable (a handle is safe to use after `close()`). */
  closed: boolean;
}

const wsmp = window.wsmp;
const entries = new Map<number, Entry>();
let nextHandle = 1;

function errorInfo(error: unknown): PageErrorInfo {
  if (error instanceof Error) {
    const e = error as Error & { code?: unknown; godotError?: unknown };
    return {
      name: e.name,
      code: typeof e.code === "string" ? e.code : undefined,
      godotError: typeof e.godotError === "number" ? e.godotError : undefined,
      message: e.message,
    };
  }
  return { name: "Error", code: undefined, godotError: undefined, message: String(error) };
}

function attempt<T>(fn: () => T): PageResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error: errorInfo(error) };
  }
}

function entry(handle: number): Entry {
  const found = entries.get(handle);
  if (!found) throw new Error(`no client with handle ${handle}`);
  return found;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const control: PageControl = {
  startClient(url, tls, options) {
    return attempt(() => {
      const client = wsmp.createClient(url, tls as Wsmp.TlsClientOptions | undefined, options as Wsmp.ClientOptions | undefined);
      const id = nextHandle++;
      entries.set(id, { client, handle: createClientHandle(client, { scene: Boolean((options as { scene?: unknown } | undefined)?.scene) }), closed: false });
      return id;
    });
  },

  async call(handle, method, args) {
    try {
      const target = entry(handle).handle as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const fn = target[method];
      if (typeof fn !== "function") throw new Error(`ClientHandle has no method ${method}`);
      const value = await fn.apply(target, [...args]);
      return { ok: true, value: value === undefined ? null : value };
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
  },

  get(handle, name) {
    return attempt(() => (entry(handle).client as unknown as Record<string, unknown>)[name]);
  },

  set(handle, name, value) {
    return attempt(() => {
      (entry(handle).client as unknown as Record<string, unknown>)[name] = value;
      return null;
    });
  },

  createServer(args) {
    return attempt(() => {
      (wsmp.createServer as (...a: unknown[]) => unknown)(...args);
      return null;
    });
  },

  async closeAll() {
    const open = [...entries.values()].filter((e) => !e.closed);
    for (const e of open) e.closed = true;
    await Promise.race([Promise.all(open.map((e) => e.handle.close().catch(() => undefined))), delay(5_000)]);
  },

  openClients() {
    return [...entries.values()].filter((e) => !e.closed).length;
  },
};

window.wsmpControl = control;
