import { allocation, ratePerSecond } from "./measure.js";
import { createMemoryHarness } from "./harness-memory.js";
import { createNullHarness } from "./harness-null.js";

/**
 * Core-only benchmark, run in its own process: `node --expose-gc core-bench/main.js <peers>
 * <packets>`. Prints one JSON line: for each harness and dialect (`null`: the server core alone,
 * the application pulling packets; `push`: the same with a `packet` listener; `memory`: server
 * and clients on the in-memory network; and `rpc`: Godot 4 RPCs with Variant arguments decoded
 * and answered, on the null harness),
 * packets in and deliveries out per second, and bytes allocated per inbound packet and per
 * delivery.
 */
interface Harness {
  feed(count: number): number;
}

const peers = Number(process.argv[2] ?? 100);
const packets = Number(process.argv[3] ?? 20_000);

async function measure(harness: Harness): Promise<Record<string, number>> {
  harness.feed(Math.max(packets, 20_000)); // warm-up: let the JIT settle (compiled code would count as allocation)
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
const plans: [string, string, () => Promise<Harness>][] = [];
for (const dialect of ["godot4", "godot3"] as const) {
  plans.push(
    ["null", dialect, () => createNullHarness(dialect, peers, "pull")],
    ["push", dialect, () => createNullHarness(dialect, peers, "push")],
    ["memory", dialect, () => createMemoryHarness(dialect, peers)],
  );
}
// Godot 4 RPCs (decode, check, answer with an encoded RPC) on the bare core, beside its raw relay.
plans.push(["null", "rpc", () => createNullHarness("rpc", peers)]);
for (const [harness, dialect, create] of plans) {
  try {
    results.push({ harness, dialect, metrics: await measure(await create()) });
  } catch (error) {
    results.push({ harness, dialect, error: error instanceof Error ? error.message : String(error) });
  }
}
process.stdout.write(`${JSON.stringify({ peers, packets, results })}\n`);
process.exit(0);
