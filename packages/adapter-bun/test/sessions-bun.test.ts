import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startBunChild, stopBunChildren } from "./support/bun-child.js";
import { closeNodeSide, nodeClient, until } from "./support/node-side.js";

afterEach(async () => {
  await closeNodeSide();
  await stopBunChildren();
});

describe("sessions on Bun.serve, Node clients", () => {
  it("each path reaches its own session; unknown names get 404 and a full session 503", async () => {
    const bun = startBunChild("sessions", JSON.stringify({ names: ["red", "blue"], maxPeers: 1 }));
    const { port } = await bun.waitFor((e) => e.ev === "listening", 15_000, "listening");
    const url = `ws://127.0.0.1:${port as number}`;
    const red = nodeClient(`${url}/red`);
    const blue = nodeClient(`${url}/blue`);
    const [redId, blueId] = await Promise.all([red.connect(), blue.connect()]);
    await bun.waitFor((e) => e.ev === "+" && e.session === "red" && e.id === redId, 10_000, "red join");
    await bun.waitFor((e) => e.ev === "+" && e.session === "blue" && e.id === blueId, 10_000, "blue join");
    red.send("ping");
    blue.send("ping");
    await until(() => red.getAvailablePacketCount() === 1 && blue.getAvailablePacketCount() === 1, 10_000, "answers");
    expect(new TextDecoder().decode(red.getPacket())).toBe("red:ping");
    expect(new TextDecoder().decode(blue.getPacket())).toBe("blue:ping");
    // A raw upgrade request, to read the HTTP status line of the refusal.
    const status = (path: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const socket = connect(port as number, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`));
        socket.once("data", (chunk) => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString())?.[1] ?? 0)));
        socket.once("error", reject);
        socket.once("data", () => socket.destroy());
      });
    expect(await status("/green")).toBe(404);
    expect(await status("/red")).toBe(503);
    await bun.waitFor((e) => e.ev === "refused" && e.refusal === "session_full", 10_000, "refusal");
    expect(bun.events.filter((e) => e.ev === "refused").map((e) => [e.refusal, e.status])).toEqual([
      ["unknown_session", 404],
      ["session_full", 503],
    ]);
  });
});
