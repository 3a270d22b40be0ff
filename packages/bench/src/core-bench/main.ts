import { allocation, ratePerSecond } from "./measure.js";
import { createMemoryHarness } from "./harness-memory.js";
import { createNullHarness } from "./harness-null.js";

/**
 * Core-only benchmark, run in its own process: `node --expose-gc core-bench/main.js <peers>
 * <packets>`. Prints one JSON line: for each harness and dialect,
 * packets in and deliveries out per second, and bytes allocated per inbound packet and per
 * delivery.
 */
interface Harness {
  feed(count: number): number;
}

const peers = Number(process.argv[2] ?? 100);
const packets = Number(process.argv[3] ?? 20_000);

async function measure(harness: Harness): Promise<Record<string, number>> {
  harness.feed(Math.min(packets, 2000)); // warm-up: let the JIT settle
  const alloc = allocation((n) => harness.feed(n), packets);
  let sends = 0;
  const packetsPerSec = ratePerSecond((n) => {
    sends = harness.feed(n);
    return n;
  }, packets);
  const fanout = sends / packets;
  return {
    packetsPerSec,
    deliveriesPerSec: packetsPerSec * fanout,
    bytesPerPacket: alloc.bytes / Math.max(1, alloc.count),
    bytesPerDelivery: alloc.bytes / Math.max(1, alloc.units),
    fanout,
  };
}

const results: { harness: string; dialect: string; metrics?: Record<string, number>; error?: string }[] = [];
for (const dialect of ["godot4", "godot3"] as const) {
  for (const [name, create] of [
    ["null", createNullHarness],
    ["memory", createMemoryHarness],
  ] as const) {
    try {
      results.push({ harness: name, dialect, metrics: await measure(await create(dialect, peers)) });
    } catch (error) {
      results.push({ harness: name, dialect, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
process.stdout.write(`${JSON.stringify({ peers, packets, results })}\n`);
process.exit(0);
