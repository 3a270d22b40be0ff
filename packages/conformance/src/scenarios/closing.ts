import type { Scenario } from "../context.js";
import { check, isPortClosed, receiveCount, sleep } from "../support.js";
import { toWire } from "../wire.js";

export const closingScenarios: readonly Scenario[] = [
  {
    name: "close: a client's close code and reason reach the server",
    async run(ctx) {
      const server = await ctx.startServer();
      const [client] = await ctx.connectClients(server, 1);
      await client!.handle.disconnect(4001, "client bye");
      const [request] = await server.events.waitFor("client_close_request", (e) => e.id === client!.id);
      check(request!.code === 4001 && request!.reason === "client bye", `client_close_request must carry 4001 "client bye", got ${JSON.stringify(request)}`);
      const [left] = await server.events.waitFor("peer_disconnected", (e) => e.id === client!.id);
      check(left!.code === 4001 && left!.reason === "client bye" && !left!.byServer, `peer_disconnected must carry 4001 "client bye", got ${JSON.stringify(left)}`);
      const [closed] = await client!.events.waitFor("close");
      check(closed!.wasClean && !closed!.byServer, `the client's close must be clean, got ${JSON.stringify(closed)}`);
    },
  },
  {
    name: "close: a server's close code and reason reach the client",
    async run(ctx) {
      const server = await ctx.startServer();
      const [client] = await ctx.connectClients(server, 1);
      check(await server.handle.disconnectPeer(client!.id, { code: 4002, reason: "server bye" }), "disconnectPeer must return true for a live peer");
      const [request] = await client!.events.waitFor("server_close_request");
      check(request!.code === 4002 && request!.reason === "server bye", `server_close_request must carry 4002 "server bye", got ${JSON.stringify(request)}`);
      const [gone] = await client!.events.waitFor("server_disconnected");
      check(gone!.code === 4002 && gone!.reason === "server bye", `server_disconnected must carry 4002 "server bye", got ${JSON.stringify(gone)}`);
      const [left] = await server.events.waitFor("peer_disconnected", (e) => e.id === client!.id);
      check(left!.byServer && left!.code === 4002, `peer_disconnected must say the server closed with 4002, got ${JSON.stringify(left)}`);
      const state = await client!.handle.state();
      check(state.closeCode === 4002 && state.closeReason === "server bye", `getCloseCode/getCloseReason must be 4002 "server bye", got ${JSON.stringify(state)}`);
    },
  },
  {
    name: "disconnectPeer without force: the peer gets a 1000 close frame and peer_disconnected fires",
    async run(ctx) {
      const server = await ctx.startServer();
      const [a, b] = await ctx.connectClients(server, 2);
      check(await server.handle.disconnectPeer(a!.id), "disconnectPeer must return true");
      await server.events.waitFor("peer_disconnected", (e) => e.id === a!.id);
      const [request] = await a!.events.waitFor("server_close_request");
      check(request!.code === 1000, `the client must receive a 1000 close frame, got ${JSON.stringify(request)}`);
      const [closed] = await a!.events.waitFor("close");
      check(closed!.wasClean && closed!.code === 1000, `the client's close must be clean 1000, got ${JSON.stringify(closed)}`);
      const peers = await server.handle.peers();
      check(peers.length === 1 && peers[0] === b!.id, "the other peer stays");
      check(!(await server.handle.disconnectPeer(0x7654321)), "disconnectPeer of an unknown id returns false");
    },
  },
  {
    name: "disconnectPeer with force: the socket is dropped at once and no peer_disconnected fires",
    async run(ctx) {
      const server = await ctx.startServer();
      const [a, b] = await ctx.connectClients(server, 2);
      check(await server.handle.disconnectPeer(a!.id, { force: true }), "disconnectPeer(force) must return true");
      check(!(await server.handle.peers()).includes(a!.id), "the peer leaves the list at once");
      const [closed] = await a!.events.waitFor("close");
      check(!closed!.wasClean, `the client must see an unclean close (no close frame), got ${JSON.stringify(closed)}`);
      await server.events.settle(300);
      check(server.events.matching("peer_disconnected", (e) => e.id === a!.id).length === 0, "no peer_disconnected after a forced disconnect");
      check((await b!.handle.put(toWire(new Uint8Array([3])))) === 0, "the other client still sends");
      const [p] = await receiveCount(server.handle, 1, "packet from the other client");
      check(p!.from === b!.id, "the server still receives from the other client");
    },
  },
  {
    name: "server close(): connected clients are closed, no peer events fire, the port is released",
    async run(ctx) {
      const server = await ctx.startServer();
      const clients = await ctx.connectClients(server, 2);
      await server.handle.close();
      for (const c of clients) {
        const [closed] = await c.events.waitFor("close");
        check(closed!.byServer, `the client must see the server close, got ${JSON.stringify(closed)}`);
        await c.events.waitFor("server_disconnected");
        check((await c.handle.state()).status === 0, "the client ends DISCONNECTED");
      }
      await server.events.settle(100);
      check(server.events.matching("peer_disconnected").length === 0, "close() fires no peer_disconnected");
      if (ctx.server.capabilities.realSockets) check(await isPortClosed(server.port), `port ${server.port} must be released`);
      await server.handle.close();
    },
  },
  {
    name: "abrupt client termination: the server notices and other peers are unaffected",
    needs: { client: ["abruptClose"] },
    async run(ctx) {
      const server = await ctx.startServer();
      const [a, b] = await ctx.connectClients(server, 2);
      await a!.handle.terminate();
      const [left] = await server.events.waitFor("peer_disconnected", (e) => e.id === a!.id);
      check(!left!.wasClean && left!.code === 1006, `peer_disconnected must report an unclean 1006 end, got ${JSON.stringify(left)}`);
      check((await server.handle.put(0, toWire(new Uint8Array([4])))) === 0, "broadcast still returns OK");
      const [p] = await receiveCount(b!.handle, 1, "broadcast to the remaining client");
      check(p!.size === 1, "the remaining client still receives");
      await sleep(50);
      check((await server.handle.peers()).join(",") === String(b!.id), "only the remaining client is a peer");
    },
  },
];
