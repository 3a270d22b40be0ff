import { describe, expect, it } from "vitest";
import type { CloseInfo } from "../engine/server-engine-events.js";
import { createGodot4Server } from "../dialects/godot4-dialect.js";
import { createMemoryPeers } from "../testing/index.js";

/** How each side reports a close: `byServer` is true exactly when the server started it. */
describe("CloseInfo.byServer on both sides", () => {
  it("the server closes a peer: true on the server and on the client", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1);
    const seen: CloseInfo[] = [];
    peers.server.on("peer_disconnected", (_id, info) => seen.push(info));
    peers.server.disconnectPeer(client!.getUniqueId(), 4000, "bye");
    await peers.settle();
    const closed = await client!.whenClosed;
    expect(seen).toEqual([{ code: 4000, reason: "bye", wasClean: true, byServer: true }]);
    expect(closed).toEqual({ code: 4000, reason: "bye", wasClean: true, byServer: true });
  });

  it("the client closes: false on both sides", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1);
    const seen: CloseInfo[] = [];
    peers.server.on("peer_disconnected", (_id, info) => seen.push(info));
    client!.disconnect(4001, "leaving");
    await peers.settle();
    expect(seen).toEqual([{ code: 4001, reason: "leaving", wasClean: true, byServer: false }]);
    expect(await client!.whenClosed).toMatchObject({ code: 4001, byServer: false });
  });

  it("the client gives up waiting for its id: false, the server never spoke", async () => {
    // A server that opens the socket but never sends the id message.
    const peers = await createMemoryPeers({ dialect: (ctx) => ({ ...createGodot4Server(ctx), admit: () => true }) });
    const client = peers.client({ options: { handshakeTimeout: 1 } });
    const failed = client.connect().catch((error: unknown) => error);
    await peers.settle();
    peers.clock.advance(1000);
    await peers.settle();
    expect(await failed).toMatchObject({ code: "WSMP_ERR_HANDSHAKE_TIMEOUT" });
    expect(await client.whenClosed).toMatchObject({ wasClean: false, byServer: false });
  });

  it("the socket drops without a close frame: false (nobody closed it)", async () => {
    const peers = await createMemoryPeers();
    const [client] = await peers.connectClients(1);
    peers.server.disconnectPeer(client!.getUniqueId(), true);
    await peers.settle();
    expect(await client!.whenClosed).toMatchObject({ code: 1006, wasClean: false, byServer: false });
  });
});
