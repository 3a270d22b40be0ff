import { createWebSocketClient as createNodeWebSocketClient, createWebSocketServer as createNodeWebSocketServer, type WebSocketClient, type WebSocketServer } from "@wsmp/adapter-node";
import { GodotError, UnsupportedError } from "@wsmp/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as Wsmp from "../src/index.js";
import { createWebSocketServer } from "../src/index.js";
import { type ChromiumHarness, createChromiumHarness } from "./support/chromium-harness.js";

/** The page's Godot 3 client, beside `window.wsmp` (the bundle). */
interface Godot3Window {
  wsmp: typeof Wsmp;
  godot3Client?: Wsmp.WebSocketClient;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Godot 3's classes in the browser adapter", () => {
  it("createWebSocketServer throws UnsupportedError like createServer", () => {
    expect(() => createWebSocketServer()).toThrow(UnsupportedError);
    expect(() => createWebSocketServer()).toThrow(/cannot listen/);
  });

  describe("a Chromium createWebSocketClient in gdMpApi mode against a Node Godot 3 server", () => {
    let harness: ChromiumHarness;
    let server: WebSocketServer | undefined;
    let peer: WebSocketClient | undefined;

    beforeAll(async () => {
      harness = createChromiumHarness();
      await harness.setup();
    });

    afterEach(async () => {
      await harness.page.evaluate(() => (window as unknown as Godot3Window).godot3Client?.disconnectFromHost());
      peer?.disconnectFromHost();
      await server?.stop();
    });

    afterAll(async () => {
      await harness?.dispose();
    });

    it("is relayed to a Node peer with its real id, and receives from it", async () => {
      server = createNodeWebSocketServer();
      server.bindIp = "127.0.0.1";
      expect(server.listen(0, [], true)).toBe(GodotError.OK);
      const url = `ws://127.0.0.1:${(await server.ready()).port}/`;
      const connect = harness.page.evaluate(async (target) => {
        const w = window as unknown as Godot3Window;
        const client = w.wsmp.createWebSocketClient();
        w.godot3Client = client;
        const error = client.connectToUrl(target, [], true);
        return { error, id: await client.ready() };
      }, url);
      peer = createNodeWebSocketClient();
      expect(peer.connectToUrl(url, [], true)).toBe(GodotError.OK);
      const [page, peerId] = await Promise.all([connect, peer.ready()]);
      expect(page.error).toBe(GodotError.OK);
      expect(page.id).not.toBe(peerId);

      const put = await harness.page.evaluate((to) => {
        const client = (window as unknown as Godot3Window).godot3Client!;
        client.setTargetPeer(to);
        return client.putPacket(new Uint8Array([7, 9]));
      }, peerId);
      expect(put).toBe(GodotError.OK);
      await until(() => peer!.getAvailablePacketCount() > 0, 10_000, "packet at the Node peer");
      expect(peer.getPacketPeer()).toBe(page.id);
      expect([...(peer.getPacket() ?? [])]).toEqual([7, 9]);

      peer.setTargetPeer(page.id);
      expect(peer.putPacket(new Uint8Array([4, 2]))).toBe(GodotError.OK);
      const pageCount = () => harness.page.evaluate(() => (window as unknown as Godot3Window).godot3Client!.getAvailablePacketCount());
      await until(async () => (await pageCount()) > 0, 10_000, "packet in the page");
      const got = await harness.page.evaluate(() => {
        const client = (window as unknown as Godot3Window).godot3Client!;
        const from = client.getPacketPeer();
        return { from, bytes: [...(client.getPacket() ?? [])] };
      });
      expect(got).toEqual({ from: peerId, bytes: [4, 2] });
    });
  });
});
