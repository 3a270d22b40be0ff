import type { Scenario } from "../context.js";
import { check, isPortClosed, receiveCount, waitForRemoteClose } from "../support.js";
import { toWire } from "../wire.js";

export const admissionScenarios: readonly Scenario[] = [
  {
    name: "handshake timeout: a TCP client that never sends a request is dropped when the timeout passes",
    needs: { server: ["realSockets", "acceptHook"] },
    async run(ctx) {
      const timeout = 0.5;
      const server = await ctx.startServer({ options: { handshakeTimeout: timeout } });
      const raw = await ctx.rawSocket(server.port);
      const closed = waitForRemoteClose(raw, 4000);
      const after = await closed;
      check(after >= 0, "the server must close a connection that never upgrades");
      check(after >= timeout * 1000 - 150, `the connection must be kept until the handshake timeout (${timeout * 1000} ms), closed after ${after} ms`);
      await server.events.waitFor("handshake_failed", (e) => e.code === "WSMP_ERR_HANDSHAKE_TIMEOUT");
      check((await server.handle.peers()).length === 0, "no peer was admitted");
    },
  },
  {
    name: "stalled connection: a TCP client that never sends a request holds up no one; close() releases the port (and drops it, with an accept hook)",
    needs: { server: ["realSockets"] },
    async run(ctx) {
      const server = await ctx.startServer({ options: { handshakeTimeout: 0.5 } });
      const raw = await ctx.rawSocket(server.port);
      const closed = waitForRemoteClose(raw, 8000);
      const [other] = await ctx.connectClients(server, 1);
      check((await server.handle.peers()).join(",") === String(other!.id), "a normal client connects while the raw socket stalls");
      await server.handle.close();
      check(await isPortClosed(server.port), `port ${server.port} must be released`);
      // A server without a TCP accept hook never learns of a connection that sent nothing.
      if (ctx.server.capabilities.acceptHook) check((await closed) >= 0, "close() must drop the stalled connection");
    },
  },
  {
    name: "refuse new connections: new clients fail, connected peers keep working, turning it off admits again",
    async run(ctx) {
      const server = await ctx.startServer();
      const [a] = await ctx.connectClients(server, 1);
      await server.handle.setRefuseNewConnections(true);
      const refused = await ctx.startClient(server, { options: { handshakeTimeout: 2 } });
      const outcome = await refused.handle.connect();
      check(!outcome.ok, "a client must not connect while the server refuses new connections");
      check((await refused.handle.state()).status === 0, "the refused client ends DISCONNECTED");
      check((await a!.handle.put(toWire(new Uint8Array([1])))) === 0, "a connected client still sends");
      const [p] = await receiveCount(server.handle, 1, "packet from the connected client");
      check(p!.from === a!.id, "the server still receives from connected peers");
      await server.handle.setRefuseNewConnections(false);
      const [c] = await ctx.connectClients(server, 1);
      const peers = await server.handle.peers();
      check(peers.length === 2 && peers.includes(a!.id) && peers.includes(c!.id), `peers must be the first and the last client, got ${peers.join(",")}`);
    },
  },
  {
    name: "subprotocols: the first client offer the server supports is selected and both sides report it",
    async run(ctx) {
      const server = await ctx.startServer({ options: { supportedProtocols: ["alpha", "beta"] } });
      const [client] = await ctx.connectClients(server, 1, { options: { supportedProtocols: ["gamma", "beta", "alpha"] } });
      const state = await client!.handle.state();
      check(state.protocol === "beta", `the client must report "beta", got "${state.protocol}"`);
      const [joined] = await server.events.waitFor("peer_connected", (e) => e.id === client!.id);
      check(joined!.protocol === "beta", `peer_connected must carry "beta", got "${joined!.protocol}"`);
      check((await server.handle.peer(client!.id))?.protocol === "beta", "getPeer(id) reports the selected protocol");
    },
  },
  ...(
    [
      ["no common subprotocol", ["alpha"], ["gamma"]],
      ["a client offering none to a server that requires one", ["alpha"], []],
      ["a client offering one to a server that has none", [], ["alpha"]],
    ] as const
  ).map(
    ([what, supported, offered]): Scenario => ({
      name: `subprotocols: ${what} fails the handshake`,
      async run(ctx) {
        const server = await ctx.startServer({ options: { supportedProtocols: [...supported] } });
        const client = await ctx.startClient(server, { options: { supportedProtocols: [...offered], handshakeTimeout: 2 } });
        const outcome = await client.handle.connect();
        check(!outcome.ok, `the handshake must fail (server [${supported.join(",")}], client [${offered.join(",")}])`);
        check((await server.handle.peers()).length === 0, "no peer was admitted");
        check(server.events.matching("peer_connected").length === 0, "no peer_connected");
        const matching = await ctx.connectClients(server, 1, { options: { supportedProtocols: supported.length ? [...supported] : [] } });
        check(matching.length === 1, "a matching client still connects");
      },
    }),
  ),
  {
    name: "handshake headers: the client's extra request headers reach the server",
    needs: { client: ["customHeaders"] },
    async run(ctx) {
      const server = await ctx.startServer();
      const [client] = await ctx.connectClients(server, 1, { options: { handshakeHeaders: ["X-Wsmp-Token: abc123", "X-Wsmp-Team: blue"] } });
      const info = await server.handle.peer(client!.id);
      check(info?.headers["x-wsmp-token"] === "abc123" && info.headers["x-wsmp-team"] === "blue", `the server must see both headers, got ${JSON.stringify(info?.headers)}`);
    },
  },
  {
    name: "handshake headers: the server's extra response headers reach the client",
    needs: { client: ["responseHeaders"] },
    async run(ctx) {
      const server = await ctx.startServer({ options: { handshakeHeaders: ["X-Wsmp-Server: conformance", "X-Wsmp-Region: eu"] } });
      const [client] = await ctx.connectClients(server, 1);
      const state = await client!.handle.state();
      check(state.headers?.["x-wsmp-server"] === "conformance" && state.headers["x-wsmp-region"] === "eu", `the client must see both headers, got ${JSON.stringify(state.headers)}`);
    },
  },
];
