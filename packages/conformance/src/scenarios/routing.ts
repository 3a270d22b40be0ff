import { toBase64, toWire } from "../wire.js";
import type { Scenario } from "../context.js";
import { check, expectNoPacket, receiveCount } from "../support.js";

const ERR_INVALID_PARAMETER = 31;

export const routingScenarios: readonly Scenario[] = [
  {
    name: "routing: broadcast, one peer and all-but-one reach exactly their targets (3 clients)",
    async run(ctx) {
      const server = await ctx.startServer();
      const [a, b, c] = await ctx.connectClients(server, 3);
      check((await server.handle.put(0, toWire(new Uint8Array([1])))) === 0, "broadcast put must return OK");
      check((await server.handle.put(b!.id, toWire(new Uint8Array([2])))) === 0, "put to one peer must return OK");
      check((await server.handle.put(-c!.id, toWire(new Uint8Array([3])))) === 0, "all-but-one put must return OK");
      const expected: [typeof a, string][] = [
        [a, "AQ== Aw=="],
        [b, "AQ== Ag== Aw=="],
        [c, "AQ=="],
      ];
      for (const [client, want] of expected) {
        const got = await receiveCount(client!.handle, want.split(" ").length, `client ${client!.id}`);
        const seen = got.map((p) => (p.data.kind === "binary" ? p.data.base64 : "text")).join(" ");
        check(seen === want, `client ${client!.id} must receive ${want}, got ${seen}`);
        check(got.every((p) => p.from === 1 && !p.isText), "packets come from peer 1 as binary");
        await expectNoPacket(client!.handle, 150, `client ${client!.id}`);
      }
      check((await server.handle.put(0x12345, toWire(new Uint8Array([9])))) === ERR_INVALID_PARAMETER, "an unknown target is ERR_INVALID_PARAMETER");
      check((await server.handle.put(1, toWire(new Uint8Array([9])))) === ERR_INVALID_PARAMETER, "the server cannot send to itself");
    },
  },
  {
    name: "routing: packets from each client reach the server tagged with their sender",
    async run(ctx) {
      const server = await ctx.startServer();
      const clients = await ctx.connectClients(server, 3);
      for (const [i, c] of clients.entries()) check((await c.handle.put(toWire(new Uint8Array([i + 10])))) === 0, "client put must return OK");
      const got = await receiveCount(server.handle, 3, "server");
      for (const [i, c] of clients.entries()) {
        const p = got.find((x) => x.from === c.id);
        check(p !== undefined, `a packet from ${c.id} must arrive`);
        check(p.data.kind === "binary" && p.data.base64 === toBase64(new Uint8Array([i + 10])) && p.size === 1, `packet from ${c.id} has the wrong payload`);
      }
    },
  },
];
