import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Payload, toHex } from "../shared/bytes.js";
import { GodotError } from "../shared/constants.js";
import { createMemoryPeers } from "../testing/index.js";
import { forEachTarget, selectTargets } from "./routing.js";

/**
 * Godot's target rule as a model: 0 = every connected peer, > 0 = that peer if connected (else
 * ERR_INVALID_PARAMETER and nothing is sent), < 0 = every connected peer except -target.
 */
function model(connected: readonly number[], target: number): readonly number[] | 31 {
  if (target > 0) return connected.includes(target) ? [target] : 31;
  return connected.filter((id) => id !== -target);
}

/** Which target to aim at, resolved against the ids the run actually got. */
const targetChoice = fc.oneof(
  fc.constant({ kind: "all" as const }),
  fc.record({ kind: fc.constant("peer" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("allBut" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("fixed" as const), id: fc.constantFrom(1, -1, 2, -2, 12345, -12345, 0x7fffffff, -0x7fffffff) }),
);

const payload: fc.Arbitrary<Payload> = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 6 }));

const show = (data: Payload): string => (typeof data === "string" ? `t:${data}` : `b:${toHex(data)}`);

describe("routing", () => {
  it("selectTargets agrees with the model", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 2, max: 20 }), { maxLength: 6 }), fc.integer({ min: -22, max: 22 }), (peers, target) => {
        const got = selectTargets(peers, (id) => peers.includes(id), target);
        expect(got).toEqual(model(peers, target));
      }),
      { numRuns: 300 },
    );
  });

  it("forEachTarget visits the model's recipients minus the excluded id, in the peers' order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 20 }), { maxLength: 6 }),
        fc.integer({ min: -22, max: 22 }),
        fc.integer({ min: 0, max: 22 }),
        (peers, target, exclude) => {
          const seen: number[] = [];
          const result = forEachTarget(peers, (id) => peers.includes(id), target, exclude, (id, list) => list.push(id), seen);
          const want = model(peers, target);
          if (want === 31) {
            expect(result).toBe(GodotError.ERR_INVALID_PARAMETER);
            expect(seen).toEqual([]);
          } else {
            expect(result).toBe(GodotError.OK);
            expect(seen).toEqual(target > 0 ? want : want.filter((id) => id !== exclude));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("what clients receive agrees with the model, for random peer sets, targets and payloads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom("stay", "leave", "drop"), { minLength: 5, maxLength: 5 }),
        fc.array(fc.record({ target: targetChoice, data: payload, viaPutPacket: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        async (count, fates, sends, seed) => {
          const peers = await createMemoryPeers({}, seed);
          const clients = await peers.connectClients(count);
          const ids = clients.map((c) => c.getUniqueId());
          const received = new Map<number, string[]>(ids.map((id) => [id, []]));
          clients.forEach((c, i) => c.on("packet", (p) => received.get(ids[i]!)!.push(show(p.data))));
          // Some clients leave first: cleanly, or dropped by the server without an event.
          clients.forEach((c, i) => {
            if (fates[i] === "leave") c.disconnect();
            else if (fates[i] === "drop") peers.server.disconnectPeer(ids[i]!, true);
          });
          await peers.settle();
          const connected = ids.filter((_, i) => fates[i] === "stay");
          expect(peers.server.peers).toEqual(connected);
          const expected = new Map<number, string[]>(ids.map((id) => [id, []]));
          for (const { target: choice, data, viaPutPacket } of sends) {
            const target =
              choice.kind === "all" ? 0 : choice.kind === "fixed" ? choice.id : (choice.kind === "peer" ? 1 : -1) * ids[choice.index % ids.length]!;
            const want = model(connected, target);
            let err: number = GodotError.OK;
            if (viaPutPacket) {
              peers.server.targetPeer = target;
              err = peers.server.putPacket(data);
            } else {
              try {
                peers.server.send(target, data);
              } catch (error) {
                err = (error as { godotError: number }).godotError;
              }
            }
            expect(err).toBe(want === 31 ? GodotError.ERR_INVALID_PARAMETER : GodotError.OK);
            if (want !== 31) for (const id of want) expected.get(id)!.push(show(data));
          }
          await peers.settle();
          expect(received).toEqual(expected);
          await peers.server.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
