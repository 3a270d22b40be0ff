import type { Scenario } from "../context.js";
import { check, expectNoPacket, receiveCount } from "../support.js";
import { fromBase64, patternBytes, toBase64, toWire } from "../wire.js";
import { bothWays, createLink, DIRECTIONS, type Direction, indexed, indexOf, type Link } from "./pair.js";

const ERR_OUT_OF_MEMORY = 6;

export const limitScenarios: readonly Scenario[] = [
  ...bothWays("limits: inboundBufferSize: a message at the limit arrives, one byte past closes the sender with 1009, other peers unaffected", async (ctx, direction) => {
    const limit = 4096;
    const link = await createLink(ctx, direction, { receiver: { inboundBufferSize: limit }, bystanders: 1 });
    const [main, bystander] = link.clients as [typeof link.clients[0], typeof link.clients[0]];
    const atLimit = patternBytes(limit, 1);
    check((await link.put(toWire(atLimit))) === 0, "put at the limit must return OK");
    const [p] = await receiveCount(link, 1, "message at the limit");
    check(p!.size === limit && p!.data.kind === "binary" && p!.data.base64 === toBase64(atLimit), "the message at the limit must arrive whole");
    check((await link.put(toWire(patternBytes(limit + 1, 2)))) === 0, "put one byte past the receiver's limit is still sent");
    const [error] = await link.receiverEvents.waitFor("protocol_error", (e) => e.peer === link.senderId);
    check(error!.closeCode === 1009 && error!.code === "WSMP_ERR_MESSAGE_TOO_BIG", `receiver must report 1009 / WSMP_ERR_MESSAGE_TOO_BIG, got ${JSON.stringify(error)}`);
    const [gone] = await main.events.waitFor("close");
    check(gone!.code === 1009, `the client's connection must end with 1009, got ${JSON.stringify(gone)}`);
    const [left] = await link.server.events.waitFor("peer_disconnected", (e) => e.id === main.id);
    // A client that cannot send 1009 (a browser) closes with an application code (3000-4999) instead.
    const substitute = direction === "server to client" && ctx.client.capabilities.protocolCloseCodes === false && left!.code >= 3000 && left!.code <= 4999;
    check(left!.code === 1009 || substitute, `the server must report peer_disconnected with 1009, got ${JSON.stringify(left)}`);
    check((await link.server.handle.availablePackets()) === 0 || direction === "server to client", "the oversized message must not be queued");
    check((await bystander.handle.put(toWire(new Uint8Array([5])))) === 0, "the other client still sends");
    const [fromBystander] = await receiveCount(link.server.handle, 1, "bystander packet");
    check(fromBystander!.from === bystander.id, "the server still receives from the other client");
    check((await link.server.handle.put(0, toWire(new Uint8Array([6])))) === 0, "broadcast after the close must return OK");
    const [toBystander] = await receiveCount(bystander.handle, 1, "broadcast to the bystander");
    check(toBystander!.size === 1, "the other client still receives");
    const peers = await link.server.handle.peers();
    check(peers.length === 1 && peers[0] === bystander.id, `only the bystander remains, got ${peers.join(",")}`);
  }),
  ...bothWays("limits: maxQueuedPackets: packets past the inbound queue are dropped and reported", async (ctx, direction) => {
    const link = await createLink(ctx, direction, { receiver: { maxQueuedPackets: 8 } });
    const codes = await link.putMany(Array.from({ length: 10 }, (_, i) => toWire(indexed(i))));
    check(codes.every((c) => c === 0), "every put must return OK (the receiver drops, not the sender)");
    const drops = await link.receiverEvents.waitFor("packet_dropped", (e) => e.direction === "in", 5000, 2);
    check(drops.every((d) => d.code === "WSMP_ERR_INBOUND_FULL" && d.peer === link.senderId), `drops must be WSMP_ERR_INBOUND_FULL for ${link.senderId}: ${JSON.stringify(drops)}`);
    check((await link.availablePackets()) === 8, "exactly maxQueuedPackets packets wait in the queue");
    const got = await link.receive();
    check(got.map((p) => indexOf(p, fromBase64)).join(",") === "0,1,2,3,4,5,6,7", `the first 8 must be queued in order, got ${got.map((p) => indexOf(p, fromBase64)).join(",")}`);
    check((await link.put(toWire(indexed(99)))) === 0, "put after draining must return OK");
    const [after] = await receiveCount(link, 1, "packet after draining");
    check(indexOf(after!, fromBase64) === 99, "once drained, the queue accepts packets again");
  }),
  {
    name: "limits: inboundBufferSize also bounds the bytes waiting in the inbound queue (client to server)",
    async run(ctx) {
      const server = await ctx.startServer({ options: { inboundBufferSize: 100 } });
      const [client] = await ctx.connectClients(server, 1);
      const codes = await client!.handle.putMany([0, 1, 2].map((i) => toWire(indexed(i, 36))));
      check(codes.every((c) => c === 0), "every put must return OK");
      const [drop] = await server.events.waitFor("packet_dropped", (e) => e.direction === "in");
      check(drop!.size === 40 && drop!.code === "WSMP_ERR_INBOUND_FULL", `the third 40 B packet must be dropped, got ${JSON.stringify(drop)}`);
      const got = await server.handle.receive();
      check(got.map((p) => indexOf(p, fromBase64)).join(",") === "0,1", "the first two (80 B) stay queued");
    },
  },
  {
    name: "limits: overflow \"close\" closes a peer whose inbound queue is full with 1008 (client to server)",
    async run(ctx) {
      const server = await ctx.startServer({ options: { maxQueuedPackets: 2, overflow: "close" } });
      const [client] = await ctx.connectClients(server, 1);
      await client!.handle.putMany([0, 1, 2].map((i) => toWire(indexed(i))));
      const [error] = await server.events.waitFor("protocol_error", (e) => e.peer === client!.id);
      check(error!.closeCode === 1008 && error!.code === "WSMP_ERR_INBOUND_FULL", `expected 1008 / WSMP_ERR_INBOUND_FULL, got ${JSON.stringify(error)}`);
      const [closed] = await client!.events.waitFor("close");
      check(closed!.code === 1008, `the client must see 1008, got ${JSON.stringify(closed)}`);
    },
  },
  ...bothWays("limits: outboundBufferSize: a message at the limit is sent, one byte past is refused and reported without closing", async (ctx, direction) => {
    const limit = 2048;
    const link = await createLink(ctx, direction, { sender: { outboundBufferSize: limit } });
    check((await link.put(toWire(patternBytes(limit, 3)))) === 0, "put at the limit must return OK");
    const [first] = await receiveCount(link, 1, "message at the limit");
    check(first!.size === limit, "the message at the limit arrives");
    const code = await link.put(toWire(patternBytes(limit + 1, 4)));
    check(code === refusalCode(direction), `one byte past the limit must return ${refusalCode(direction)}, got ${code}`);
    const [drop] = await link.senderEvents.waitFor("packet_dropped", (e) => e.direction === "out");
    check(drop!.code === "WSMP_ERR_OUTBOUND_FULL" && drop!.size === limit + 1 && drop!.peer === link.receiverId, `expected an outbound drop of ${limit + 1} B, got ${JSON.stringify(drop)}`);
    check((await link.put(toWire(new Uint8Array([1])))) === 0, "the connection stays usable");
    const [next] = await receiveCount(link, 1, "packet after the refusal");
    check(next!.size === 1, `the refused message must not arrive; got ${next!.size} B`);
  }),
  ...bothWays("limits: a burst past outboundBufferSize: every packet is either delivered in order or refused and reported", async (ctx, direction) => {
    const link = await createLink(ctx, direction, { sender: { outboundBufferSize: 8192 }, receiver: { inboundBufferSize: 1 << 20 } });
    await checkBurst(link, 64, 1020);
  }),
  // Only the sender's capability matters here, so each direction asks its own side.
  ...DIRECTIONS.map(
    (direction): Scenario => ({
      name: `limits: maxQueuedPackets also bounds messages waiting to be written (${direction})`,
      needs: direction === "server to client" ? { server: ["outboundMessageCount"] } : { client: ["outboundMessageCount"] },
      async run(ctx) {
        const link = await createLink(ctx, direction, { sender: { maxQueuedPackets: 4, outboundBufferSize: 0 } });
        const { delivered } = await checkBurst(link, 16, 60);
        check(delivered.slice(0, 4).join(",") === "0,1,2,3", "the first maxQueuedPackets messages are always sent");
      },
    }),
  ),
];

/**
 * Godot's server `put_packet` ignores one peer's send error and returns OK (the refusal shows
 * only as `packet_dropped`); a client's `put_packet` returns ERR_OUT_OF_MEMORY.
 */
function refusalCode(direction: Direction): number {
  return direction === "server to client" ? 0 : ERR_OUT_OF_MEMORY;
}

/**
 * Sends `count` indexed packets in one synchronous turn and checks the accounting: each one is
 * either delivered (in order) or refused with exactly one `packet_dropped`, never lost silently.
 */
async function checkBurst(link: Link, count: number, extra: number): Promise<{ delivered: number[] }> {
  const codes = await link.putMany(Array.from({ length: count }, (_, i) => toWire(indexed(i, extra))));
  check(codes.every((c) => c === 0 || c === refusalCode(link.direction)), `codes must be OK or ${refusalCode(link.direction)}: ${codes.join(",")}`);
  await link.senderEvents.settle(50);
  const refused = link.senderEvents.matching("packet_dropped", (e) => e.direction === "out").length;
  check(refused < count, "at least the first packet fits");
  const got = await receiveCount(link, count - refused, "accepted packets", 10_000, { head: 4 });
  const delivered = got.map((p) => indexOf(p, fromBase64));
  check(delivered.every((v, i) => i === 0 || v > delivered[i - 1]!), `delivered packets must keep their order: ${delivered.join(",")}`);
  if (link.direction === "client to server") {
    const accepted = codes.flatMap((c, i) => (c === 0 ? [i] : []));
    check(delivered.join(",") === accepted.join(","), "exactly the packets whose put returned OK arrive");
  }
  await expectNoPacket(link, 150, "after the burst");
  return { delivered };
}
