import type { Scenario } from "../context.js";
import { check, sleep, waitForRemoteClose } from "../support.js";
import { frame, rawPeer, rawUpgrade, withHonestPeers } from "./attack-kit.js";
import { patternBytes, toWire } from "../wire.js";

/**
 * Attacks on a server while two honest peers exchange sequenced packets with it (`startHonestPeers`
 * checks they lose nothing and see nothing reordered). Run for the Node and Bun servers
 * (docs/security.md lists them with each runtime's reaction).
 */

export const hardeningScenarios: readonly Scenario[] = [
  {
    name: "hardening: throwing listeners do not take the server down; errors are reported through `error`",
    async run(ctx) {
      const { server } = await withHonestPeers(ctx, { throwIn: ["peer_connected", "peer_disconnected", "client_close_request", "handshake_failed"] }, async (s) => {
        for (let i = 0; i < 3; i++) {
          const [churn] = await ctx.connectClients(s, 1);
          await churn!.handle.disconnect(1000, "bye");
          await churn!.events.waitFor("close");
        }
      });
      const errors = await server.events.waitFor("error", (e) => e.message.includes("simulated application fault"), 5000, 6);
      check(errors.length >= 6, "each throwing listener is reported");
    },
  },
  {
    name: "hardening: a bad TLS key or certificate rejects listen() with WSMP_ERR_TLS",
    needs: { server: ["tls"] },
    async run(ctx) {
      const good = await ctx.certificate();
      const other = await ctx.certificate();
      for (const tls of [
        { key: "not a key", certificate: good.certificate },
        { key: good.key, certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" },
        { key: good.key.replace(/[A-Za-z0-9+/]{20}\n/, "AAAAAAAAAAAAAAAAAAAA\n"), certificate: other.certificate },
      ]) {
        const failed = await ctx.startServer({ tls }).then(
          () => "",
          (error: unknown) => String((error as Error).message),
        );
        check(/TLS key or certificate/.test(failed), `listen() must reject naming the TLS material, got ${JSON.stringify(failed)}`);
      }
      const ok = await ctx.startServer({ tls: good });
      check(ok.port > 0, "good material still listens");
    },
  },
  {
    name: "hardening: frame-level violations close only the offender with protocol_error",
    needs: { server: ["realSockets"] },
    async run(ctx) {
      await withHonestPeers(ctx, {}, async (s) => {
        for (const [opcode, payload, code] of [
          [0x3, new Uint8Array([1, 2]), 1002],
          [0x1, new Uint8Array([0xff, 0xfe]), 1007],
        ] as const) {
          const { socket, status } = await rawUpgrade(ctx, s.port);
          check(status.startsWith("HTTP/1.1 101"), `the upgrade must succeed, got ${status}`);
          socket.write(frame(opcode, payload));
          await s.events.waitFor("protocol_error", (e) => e.closeCode === code);
          check((await waitForRemoteClose(socket, 3000)) >= 0, "the offender is disconnected");
        }
      });
    },
  },
  {
    name: "hardening: admission: cross-site origins get 403, a bad token 401, both counted; honest peers unaffected",
    needs: { server: ["realSockets"] },
    async run(ctx) {
      const { server } = await withHonestPeers(ctx, { limits: { allowedOrigins: ["https://game.example"] } }, async (s) => {
        const evil = await rawUpgrade(ctx, s.port, ["Origin: https://evil.example"]);
        check(evil.status.startsWith("HTTP/1.1 403"), `a cross-site origin must get 403, got ${JSON.stringify(evil.status)}`);
        const good = await rawUpgrade(ctx, s.port, ["Origin: https://game.example"]);
        check(good.status.startsWith("HTTP/1.1 101"), `the allowed origin connects, got ${good.status}`);
      });
      const refusals = await server.handle.refusals();
      check(refusals.byReason["origin"] === 1, `one origin refusal counted, got ${JSON.stringify(refusals)}`);
      const guarded = await ctx.startServer({ admitToken: "s3cret" });
      const bad = await rawUpgrade(ctx, guarded.port, ["X-Token: guess"]);
      check(bad.status.startsWith("HTTP/1.1 401"), `a bad token gets 401, got ${JSON.stringify(bad.status)}`);
      const fine = await rawUpgrade(ctx, guarded.port, ["X-Token: s3cret"]);
      check(fine.status.startsWith("HTTP/1.1 101"), `the right token connects, got ${fine.status}`);
      await guarded.events.waitFor("handshake_failed", (e) => e.refusal === "admission");
    },
  },
  {
    name: "hardening: caps: handshakes in flight and peers per address are bounded and refusals counted",
    needs: { server: ["realSockets"] },
    async run(ctx) {
      const server = await ctx.startServer({ limits: { maxPeersPerAddress: 3 }, options: { handshakeTimeout: 2 } });
      const [a, b] = await ctx.connectClients(server, 2);
      const { status } = await rawUpgrade(ctx, server.port);
      check(status.startsWith("HTTP/1.1 101"), `the third connection from 127.0.0.1 is allowed, got ${status}`);
      // Refused at the upgrade, or (where the server sees TCP accept) already at accept, which may reset the connect.
      const fourth = await rawUpgrade(ctx, server.port).catch((error: { code?: string }) => ({ status: `connect failed: ${error.code ?? String(error)}` }));
      check(!fourth.status.startsWith("HTTP/1.1 101"), `the fourth is refused, got ${fourth.status}`);
      const refusals = await server.handle.refusals();
      check(refusals.byReason["max_peers_per_address"] === 1 && refusals.total === 1, `counted: ${JSON.stringify(refusals)}`);
      check((await a!.handle.put(toWire(new Uint8Array([1])))) === 0 && (await b!.handle.put(toWire(new Uint8Array([2])))) === 0, "the peers keep sending");
    },
  },
  {
    name: "hardening: slowloris: a connection that never completes its request is dropped near handshakeTimeout",
    // Bun.serve shows a connection to no code before its request is complete (docs/security.md).
    needs: { server: ["realSockets", "acceptHook"] },
    async run(ctx) {
      const server = await ctx.startServer({ options: { handshakeTimeout: 1 } });
      const raw = await ctx.rawSocket(server.port);
      raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // and never the rest
      const closedAfter = await waitForRemoteClose(raw, 4000);
      check(closedAfter >= 900 && closedAfter < 2500, `the stalled request must be dropped at ~handshakeTimeout (1 s), took ${closedAfter} ms`);
    },
  },
  {
    name: "hardening: slowloris over TLS: a connection that never sends its TLS hello is dropped near handshakeTimeout",
    needs: { server: ["realSockets", "acceptHook", "tls"] },
    async run(ctx) {
      const server = await ctx.startServer({ tls: await ctx.certificate(), options: { handshakeTimeout: 1 } });
      const raw = await ctx.rawSocket(server.port); // TCP only: no ClientHello, ever
      const closedAfter = await waitForRemoteClose(raw, 4000);
      check(closedAfter >= 900 && closedAfter < 2500, `the silent TLS connection must be dropped at ~handshakeTimeout (1 s), took ${closedAfter} ms`);
    },
  },
  {
    name: "hardening: a flooder past the inbound rate limit is dropped or closed; honest peers lose nothing",
    async run(ctx) {
      await withHonestPeers(ctx, { limits: { maxInboundMessagesPerSecond: 200, maxInboundBytesPerSecond: 30_000 }, options: { overflow: "close" } }, async (s) => {
        const [flooder] = await ctx.connectClients(s, 1);
        const big = toWire(patternBytes(10_000, 7));
        await flooder!.handle.putMany(Array.from({ length: 10 }, () => big));
        const [error] = await s.events.waitFor("protocol_error", (e) => e.peer === flooder!.id && e.code === "WSMP_ERR_RATE_LIMITED", 8000);
        check(error!.closeCode === 1008, `the flooder is closed with 1008, got ${JSON.stringify(error)}`);
      });
    },
  },
  {
    name: "hardening: heartbeat: a peer that answers pings stays; one that never answers, and one that stops answering, are closed with 4003 and peer_disconnected",
    needs: { server: ["realSockets"] },
    async run(ctx) {
      await withHonestPeers(ctx, { options: { heartbeatInterval: 0.3, heartbeatTimeout: 0.3 } }, async (s) => {
        const [silent, answering] = await Promise.all([rawPeer(ctx, s.port, false), rawPeer(ctx, s.port, true)]);
        const [gone] = await s.events.waitFor("peer_disconnected", (e) => e.id === silent.id, 5000);
        check(gone!.code === 4003 && gone!.byServer, `the silent peer is closed with 4003, got ${JSON.stringify(gone)}`);
        check(silent.pings >= 1 && silent.closeCode === 4003, `the silent peer was pinged (${silent.pings}) and got the 4003 close frame (${silent.closeCode})`);
        // (wasClean is not checked: a raw socket does not answer the close frame either.)
        for (const end = Date.now() + 5000; answering.pongs < 3 && Date.now() < end; ) await sleep(50);
        check(answering.pongs >= 3, `the answering peer was pinged and answered (${answering.pongs} pongs)`);
        check((await s.handle.peers()).includes(answering.id), "a peer that answers every ping stays connected");
        answering.answering = false;
        const [stopped] = await s.events.waitFor("peer_disconnected", (e) => e.id === answering.id, 5000);
        check(stopped!.code === 4003 && answering.closeCode === 4003, `once it stops answering it is closed with 4003, got ${JSON.stringify(stopped)}`);
      });
    },
  },
];
