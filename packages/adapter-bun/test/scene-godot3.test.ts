import { createWebSocketClient, type WebSocketClient } from "@wsmp/adapter-node";
import { afterEach, describe, expect, it } from "vitest";
import { startBunChild, stopBunChildren } from "./support/bun-child.js";
import { track, closeNodeSide, until } from "./support/node-side.js";

afterEach(async () => {
  await closeNodeSide();
  await stopBunChildren();
});

describe("Godot 3 multiplayer: Bun WebSocketServer, Node WebSocketClient peers", () => {
  it("relays a packet from one Node peer to the other with the real source", async () => {
    const bun = startBunChild("godot3-server");
    const { port, error } = await bun.waitFor((e) => e.ev === "listening", 15_000, "listening");
    expect(error).toBe(0);
    const url = `ws://127.0.0.1:${port as number}/`;
    const make = (): WebSocketClient => track({ raw: createWebSocketClient(), close() { this.raw.disconnectFromHost(); } }).raw;
    const a = make();
    const b = make();
    expect([a.connectToUrl(url, [], true), b.connectToUrl(url, [], true)]).toEqual([0, 0]);
    const [idA, idB] = await Promise.all([a.ready(), b.ready()]);
    expect(idA).not.toBe(idB);
    a.setTargetPeer(idB);
    expect(a.putPacket(new Uint8Array([7, 9]))).toBe(0);
    await until(() => b.getAvailablePacketCount() > 0, 10_000, "relayed packet");
    expect(b.getPacketPeer()).toBe(idA);
    expect([...(b.getPacket() ?? [])]).toEqual([7, 9]);
  });
});
