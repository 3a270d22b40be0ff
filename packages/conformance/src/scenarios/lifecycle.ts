import type { Scenario } from "../context.js";
import { check, isPortClosed, receiveCount, sleep } from "../support.js";
import { toWire } from "../wire.js";

export const lifecycleScenarios: readonly Scenario[] = [
  {
    name: "tls: wss:// with a certificate made at test time carries packets both ways",
    needs: { server: ["tls"], client: ["tls"] },
    async run(ctx) {
      const cert = await ctx.certificate();
      const server = await ctx.startServer({ tls: { key: cert.key, certificate: cert.certificate } });
      check(server.url.startsWith("wss://"), "a TLS server is reached with wss://");
      const [client] = await ctx.connectClients(server, 1, { tls: { trustedCa: cert.certificate } });
      check((await server.handle.put(client!.id, toWire(new Uint8Array([1, 2, 3])))) === 0, "server put over TLS");
      const [down] = await receiveCount(client!.handle, 1, "packet over TLS to the client");
      check(down!.size === 3, "the client receives over TLS");
      check((await client!.handle.put({ kind: "text", text: "over tls" })) === 0, "client put over TLS");
      const [up] = await receiveCount(server.handle, 1, "packet over TLS to the server");
      check(up!.isText && up!.from === client!.id, "the server receives over TLS");
    },
  },
  {
    name: "tls: a client that does not trust the certificate fails to connect",
    needs: { server: ["tls"], client: ["tls"] },
    async run(ctx) {
      const cert = await ctx.certificate();
      const server = await ctx.startServer({ tls: { key: cert.key, certificate: cert.certificate } });
      const client = await ctx.startClient(server, { options: { handshakeTimeout: 3 } });
      const outcome = await client.handle.connect();
      check(!outcome.ok, "an untrusted self-signed certificate must be refused");
      check((await server.handle.peers()).length === 0, "no peer was admitted");
    },
  },
  {
    name: "teardown: idempotent and leak-free (handles closed, port released)",
    async run(ctx) {
      const before = await ctx.server.openHandles?.();
      const server = await ctx.startServer();
      const clients = await ctx.connectClients(server, 2);
      check((await server.handle.put(0, toWire(new Uint8Array([1])))) === 0, "broadcast before teardown");
      for (const c of clients) await receiveCount(c.handle, 1, "packet before teardown");
      await Promise.all([ctx.server.teardown(), ctx.client.teardown()]);
      await ctx.server.teardown();
      await ctx.client.teardown();
      await server.handle.close();
      for (const c of clients) await c.handle.close();
      if (ctx.server.capabilities.realSockets) check(await isPortClosed(server.port), `port ${server.port} must be released after teardown`);
      if (before !== undefined && before >= 0) {
        let after = await ctx.server.openHandles!();
        for (let i = 0; i < 40 && after > before; i++) {
          await sleep(50);
          after = await ctx.server.openHandles!();
        }
        check(after <= before, `open handles after teardown: ${after}, before the scenario: ${before}`);
      }
    },
  },
];
