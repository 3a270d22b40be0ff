import type { Scenario } from "../context.js";
import { check, expectNoPacket, receiveCount } from "../support.js";
import { fromBase64, patternBytes, toBase64, toWire } from "../wire.js";
import { bothWays, createLink, DIRECTIONS, indexOf } from "./pair.js";

export const sizeScenarios: readonly Scenario[] = [
  ...bothWays("sizes: binary messages of 1 B, 1 KiB and 65535 B arrive byte for byte", async (ctx, direction) => {
    // The sender's byte check is off so each size is tested on its own, not against what is still buffered.
    const link = await createLink(ctx, direction, { sender: { outboundBufferSize: 0 } });
    for (const [i, size] of [1, 1024, 65535].entries()) {
      const bytes = patternBytes(size, i);
      check((await link.put(toWire(bytes))) === 0, `put of ${size} B must return OK`);
      const [p] = await receiveCount(link, 1, `${size} B message`);
      check(p!.size === size && !p!.isText && p!.from === link.senderId, `expected ${size} B binary from ${link.senderId}, got ${p!.size} B from ${p!.from}`);
      check(p!.data.kind === "binary" && p!.data.base64 === toBase64(bytes), `the ${size} B payload differs`);
    }
  }),
  ...bothWays("sizes: an empty packet sends nothing and returns OK", async (ctx, direction) => {
    const link = await createLink(ctx, direction);
    check((await link.put(toWire(new Uint8Array(0)))) === 0, "put of an empty packet must return OK");
    check((await link.put(toWire(new Uint8Array([7])))) === 0, "put of 1 B must return OK");
    const [p] = await receiveCount(link, 1, "marker after the empty packet");
    check(p!.size === 1, `the first packet to arrive must be the 1 B marker (nothing for the empty one), got ${p!.size} B`);
    await expectNoPacket(link, 200, "after the marker");
  }),
  ...bothWays("sizes: text and binary flags are kept", async (ctx, direction) => {
    const link = await createLink(ctx, direction);
    const text = "héllo ✓ 🎮";
    const bytes = new TextEncoder().encode(text);
    check((await link.put({ kind: "text", text })) === 0, "text put must return OK");
    check((await link.put(toWire(bytes))) === 0, "binary put must return OK");
    const [t, b] = await receiveCount(link, 2, "text then binary");
    check(t!.isText && t!.data.kind === "text" && t!.data.text === text && t!.size === bytes.byteLength, `first packet must be the text frame, got ${JSON.stringify(t)}`);
    check(!b!.isText && b!.data.kind === "binary" && b!.data.base64 === toBase64(bytes), `second packet must be the binary frame, got ${JSON.stringify(b)}`);
  }),
  ...DIRECTIONS.map(
    (direction): Scenario => ({
      name: `ordering: 2,000 small packets arrive in order with none lost (${direction})`,
      async run(ctx) {
        const link = await createLink(ctx, direction);
        const count = 2000;
        const items = Array.from({ length: count }, (_, i) => {
          const out = new Uint8Array(8);
          new DataView(out.buffer).setUint32(0, i, true);
          out.set(patternBytes(4, i), 4);
          return toWire(out);
        });
        const codes: number[] = [];
        for (let i = 0; i < count; i += 500) codes.push(...(await link.putMany(items.slice(i, i + 500))));
        check(codes.every((c) => c === 0), `every put must return OK, got ${codes.filter((c) => c !== 0).length} failures`);
        const got = await receiveCount(link, count, "2,000 packets", 15_000);
        for (const [i, p] of got.entries()) {
          check(indexOf(p, fromBase64) === i, `packet ${i} arrived as index ${indexOf(p, fromBase64)}`);
          check(p.data.kind === "binary" && p.data.base64 === (items[i] as { base64: string }).base64, `packet ${i} payload differs`);
        }
        await link.receiverEvents.pull();
        await link.senderEvents.pull();
        check(link.receiverEvents.matching("packet_dropped").length === 0 && link.senderEvents.matching("packet_dropped").length === 0, "no packet may be dropped");
      },
    }),
  ),
];
