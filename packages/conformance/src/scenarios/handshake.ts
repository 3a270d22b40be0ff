import type { Scenario } from "../context.js";
import { check } from "../support.js";

const MAX_ID = 0x7fffffff;

export const handshakeScenarios: readonly Scenario[] = [
  {
    name: "handshake: each client gets a distinct id >= 2 and both sides report peer_connected",
    async run(ctx) {
      const server = await ctx.startServer();
      const clients = await ctx.connectClients(server, 3);
      const ids = clients.map((c) => c.id);
      check(new Set(ids).size === 3, `ids must be distinct, got ${ids.join(",")}`);
      for (const id of ids) check(Number.isInteger(id) && id >= 2 && id <= MAX_ID, `id ${id} must be in [2, 2^31-1]`);
      for (const c of clients) {
        await c.events.waitFor("connected_to_server", (e) => e.id === c.id);
        await c.events.waitFor("peer_connected", (e) => e.id === 1);
        await server.events.waitFor("peer_connected", (e) => e.id === c.id && e.protocol === "");
        const state = await c.handle.state();
        check(state.status === 2 && state.id === c.id, `client state must be CONNECTED with its id, got ${JSON.stringify(state)}`);
        check(state.protocol === "", `no subprotocol was negotiated, got "${state.protocol}"`);
      }
      const peers = await server.handle.peers();
      check(JSON.stringify([...peers].sort()) === JSON.stringify([...ids].sort()), `server peers ${peers.join(",")} must be ${ids.join(",")}`);
      const info = await server.handle.peer(ids[0]!);
      check(info !== null && info.readyState === 1, `getPeer must give an open peer, got ${JSON.stringify(info)}`);
      if (ctx.server.capabilities.realSockets) {
        check(/(^|:)127\.0\.0\.1$/.test(info.address), `peer address must be 127.0.0.1, got "${info.address}"`);
        check(info.port > 0 && info.port <= 65535, `peer port must be a TCP port, got ${info.port}`);
      }
    },
  },
  {
    name: "handshake: a client leaving fires peer_disconnected on both sides",
    async run(ctx) {
      const server = await ctx.startServer();
      const [a, b] = await ctx.connectClients(server, 2);
      await server.events.waitFor("peer_connected", (e) => e.id === a!.id);
      await a!.handle.disconnect();
      const [left] = await server.events.waitFor("peer_disconnected", (e) => e.id === a!.id);
      check(left!.byServer === false, "the client started the close");
      await a!.events.waitFor("peer_disconnected", (e) => e.id === 1);
      await a!.events.waitFor("server_disconnected");
      const [closed] = await a!.events.waitFor("close");
      check(closed!.wasClean && closed!.code === 1000, `client close must be clean with 1000, got ${JSON.stringify(closed)}`);
      const peers = await server.handle.peers();
      check(peers.length === 1 && peers[0] === b!.id, `only ${b!.id} must remain, got ${peers.join(",")}`);
      check((await b!.handle.state()).status === 2, "the other client stays connected");
      check((await a!.handle.state()).status === 0, "the leaving client is DISCONNECTED");
    },
  },
];
