import { createServer, type MultiplayerServer } from "@wsmp/adapter-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChromiumHarness, createChromiumHarness } from "./support/chromium-harness.js";

let harness: ChromiumHarness;
let server: MultiplayerServer;

beforeAll(async () => {
  harness = createChromiumHarness();
  await harness.setup();
  server = createServer(0, "127.0.0.1");
  await server.listen();
});

afterAll(async () => {
  await harness?.dispose();
  await server?.close();
});

interface PageState {
  readonly ids: number[];
  readonly waits: (number | null)[];
}

const state = (): Promise<PageState> => harness.page.evaluate(() => (window as unknown as { reconnectState: PageState }).reconnectState);

async function until(check: (s: PageState) => boolean): Promise<PageState> {
  const end = Date.now() + 10_000;
  for (;;) {
    const s = await state();
    if (check(s) || Date.now() > end) return s;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("createReconnectingClient in the browser (the single-file bundle)", () => {
  it("comes back as a new peer with a new id after the server closes it, and stops on close()", async () => {
    const url = `ws://127.0.0.1:${server.boundAddress!.port}/`;
    await harness.page.evaluate((target) => {
      const wsmp = (window as unknown as { wsmp: Record<string, (...args: unknown[]) => { on(name: string, fn: (...args: never[]) => void): unknown; close(): Promise<void> }> }).wsmp;
      const reconnectState: PageState = { ids: [], waits: [] };
      const client = wsmp.createReconnectingClient!(target, undefined, {}, { initialDelay: 0.05, jitter: 0 });
      client.on("connected", (id: number) => reconnectState.ids.push(id));
      client.on("disconnected", (_info: unknown, retryIn: number | undefined) => reconnectState.waits.push(retryIn ?? null));
      Object.assign(window, { reconnectState, reconnecting: client });
    }, url);
    const first = await until((s) => s.ids.length === 1);
    expect(server.peers).toEqual(first.ids);
    server.disconnectPeer(first.ids[0]!, 4000, "kicked");
    const second = await until((s) => s.ids.length === 2);
    expect(second.waits).toEqual([50]);
    expect(second.ids[1]).not.toBe(second.ids[0]);
    const end = Date.now() + 5000;
    while (server.peers[0] !== second.ids[1] && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.peers).toEqual([second.ids[1]]);
    await harness.page.evaluate(() => (window as unknown as { reconnecting: { close(): Promise<void> } }).reconnecting.close());
    const gone = Date.now() + 5000;
    while (server.peers.length > 0 && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.peers).toEqual([]);
    expect((await state()).ids).toHaveLength(2);
  });
});
