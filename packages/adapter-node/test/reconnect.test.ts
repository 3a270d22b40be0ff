import { afterEach, describe, expect, it } from "vitest";
import { createReconnectingClient } from "../src/index.js";
import { closeAll, listen, track, until } from "./helpers.js";

afterEach(closeAll);

describe("createReconnectingClient on Node", () => {
  it("reconnects with backoff while the server refuses, then joins as a new peer", async () => {
    const { server, url } = await listen({ dialect: "godot3" });
    const client = track(createReconnectingClient(url, undefined, { dialect: "godot3" }, { initialDelay: 0.05, factor: 2, jitter: 0 }));
    const ids: number[] = [];
    const waits: (number | undefined)[] = [];
    client.on("connected", (id) => ids.push(id));
    client.on("disconnected", (_info, retryIn) => waits.push(retryIn));
    expect(await client.connect()).toBe(ids[0]);
    server.refuseNewConnections = true;
    server.disconnectPeer(ids[0]!, 4000, "restart");
    await until(() => waits.length >= 3, 5000, "two refused attempts");
    expect(waits.slice(0, 3)).toEqual([50, 50, 100]); // the drop, then two failed attempts
    server.refuseNewConnections = false;
    await until(() => ids.length === 2, 5000, "the new connection");
    expect(ids[1]).not.toBe(ids[0]);
    expect(server.peers).toEqual([ids[1]]);
    expect(client.client?.getUniqueId()).toBe(ids[1]);
  });
});
