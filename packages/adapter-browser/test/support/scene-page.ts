import type { Page } from "playwright-core";
import type * as Wsmp from "../../src/index.js";

/** What the page keeps for the scene tests, beside `window.wsmp` (the bundle). */
interface SceneWindow {
  wsmp: typeof Wsmp;
  sceneClients: Map<number, { client: Wsmp.MultiplayerClient; log: string[] }>;
  sceneNext: number;
}

/** A scene client living in the page, driven from Node. Its log holds "+id", "-id", "raw from hex", "asked text". */
export interface PageSceneClient {
  /** Resolves with the id, or with the error code the connection failed with. */
  connect(): Promise<{ id: number } | { code: string }>;
  log(): Promise<string[]>;
  peers(): Promise<number[]>;
  sendBytes(hex: string, to: number): Promise<number>;
  disconnect(): Promise<void>;
}

/**
 * Creates `createClient(url, undefined, { scene })` in the page: `scene: true`, or, with
 * `answer`, an auth callback that logs the server's question and answers with `answer`.
 */
export async function startPageSceneClient(page: Page, url: string, answer?: string): Promise<PageSceneClient> {
  const handle = await page.evaluate(
    ([target, reply]) => {
      const w = window as unknown as SceneWindow;
      w.sceneClients ??= new Map();
      w.sceneNext = (w.sceneNext ?? 0) + 1;
      const hex = (bytes: Uint8Array | undefined): string => [...(bytes ?? [])].map((b) => b.toString(16).padStart(2, "0")).join("");
      const log: string[] = [];
      const client: Wsmp.MultiplayerClient = w.wsmp.createClient(target, undefined, {
        scene:
          reply === null
            ? true
            : {
                auth: (id, data) => {
                  log.push(`asked ${new TextDecoder().decode(data)}`);
                  client.sendAuth(id, new TextEncoder().encode(reply));
                  return true;
                },
              },
      });
      client.on("peer_connected", (id) => log.push(`+${id}`));
      client.on("peer_disconnected", (id) => log.push(`-${id}`));
      client.on("peer_packet", (from, data) => log.push(`raw ${from} ${hex(data)}`));
      w.sceneClients.set(w.sceneNext, { client, log });
      return w.sceneNext;
    },
    [url, answer ?? null] as const,
  );
  return {
    connect: () =>
      page.evaluate(
        (h) =>
          (window as unknown as SceneWindow).sceneClients
            .get(h)!
            .client.connect()
            .then(
              (id) => ({ id }),
              (error: { code?: string }) => ({ code: String(error.code) }),
            ),
        handle,
      ),
    log: () => page.evaluate((h) => [...(window as unknown as SceneWindow).sceneClients.get(h)!.log], handle),
    peers: () => page.evaluate((h) => [...(window as unknown as SceneWindow).sceneClients.get(h)!.client.peers], handle),
    sendBytes: (hex, to) =>
      page.evaluate(
        ([h, data, target]) => {
          const bytes = new Uint8Array(data.match(/../g)!.map((b) => parseInt(b, 16)));
          return (window as unknown as SceneWindow).sceneClients.get(h)!.client.sendBytes(bytes, target);
        },
        [handle, hex, to] as const,
      ),
    disconnect: () => page.evaluate((h) => void (window as unknown as SceneWindow).sceneClients.get(h)!.client.disconnect(), handle),
  };
}

/** Disconnects every scene client the page made (for afterEach). */
export async function closePageSceneClients(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as SceneWindow;
    for (const { client } of w.sceneClients?.values() ?? []) client.disconnect();
    w.sceneClients?.clear();
  });
}
