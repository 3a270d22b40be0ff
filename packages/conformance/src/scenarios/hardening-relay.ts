import type { Scenario } from "../context.js";
import type { ClientStartOptions, ServerStartOptions } from "../harness.js";
import { check, sleep } from "../support.js";
import { patternBytes, toWire } from "../wire.js";
import { withHonestPeers } from "./attack-kit.js";

/**
 * Floods through the relay: one client sends maximum-size messages to everyone through the
 * server's relay while two honest clients exchange sequenced packets with the server and with each
 * other through the same relay. The server's inbound rate limit must hold the flood to its budget
 * before anything is relayed, and no honest stream may lose or reorder a packet.
 */

interface Relay {
  readonly name: string;
  readonly server: Pick<ServerStartOptions, "dialect" | "scene">;
  readonly client: Pick<ClientStartOptions, "dialect" | "scene">;
  /** Bytes a relayed message adds to the application's data: Godot 3's 9-byte header; SceneMultiplayer's `07 03 <to>` wrapper and the `03` RAW byte. */
  readonly overhead: number;
}

const RELAYS: readonly Relay[] = [
  { name: "Godot 3 relay", server: { dialect: "godot3" }, client: { dialect: "godot3" }, overhead: 9 },
  { name: "SceneMultiplayer relay", server: { scene: true }, client: { scene: true }, overhead: 7 },
];

/** The server's inboundBufferSize: the largest message it takes, so the flood's messages are exactly this big. */
const MAX_MESSAGE = 65_535;
/** The flood: bursts of maximum-size messages to everyone (target 0). */
const BURSTS = 4;
const PER_BURST = 6;
/** The byte budget per flooder: a bucket of 150 000 bytes passes two maximum-size messages at once, then about two a second. */
const BYTES_PER_SECOND = 150_000;

export const relayFloodScenarios: readonly Scenario[] = RELAYS.map(
  (relay): Scenario => ({
    name: `hardening: a flooder of maximum-size messages through the ${relay.name} is held to its rate budget; honest peers lose nothing`,
    needs: { server: ["relay"], client: ["relay"] },
    async run(ctx) {
      let dropped = 0;
      // Honest clients hold more than one relayed maximum-size message in their own queue, so what
      // the budget lets through cannot push their packets out between two reads (docs/security.md).
      const honestClient: ClientStartOptions = { ...relay.client, options: { inboundBufferSize: 1 << 20 } };
      const { foreign } = await withHonestPeers(
        ctx,
        { ...relay.server, limits: { maxInboundMessagesPerSecond: 200, maxInboundBytesPerSecond: BYTES_PER_SECOND }, options: { overflow: "drop" } },
        async (s) => {
          const [flooder] = await ctx.connectClients(s, 1, relay.client);
          const big = toWire(patternBytes(MAX_MESSAGE - relay.overhead, 9));
          for (let burst = 0; burst < BURSTS; burst++) {
            const results = await flooder!.handle.putMany(Array.from({ length: PER_BURST }, () => big), 0);
            check(results.every((r) => r === 0), `the flooder's client sends every message, got ${results.join(",")}`);
            await sleep(250);
          }
          const drops = await s.events.waitFor("packet_dropped", (e) => e.peer === flooder!.id && e.code === "WSMP_ERR_RATE_LIMITED", 8000, BURSTS * PER_BURST - 8);
          dropped = drops.length;
          check(drops.every((d) => d.size === MAX_MESSAGE), `each dropped message is a whole ${MAX_MESSAGE}-byte message`);
        },
        { relay: true, client: honestClient },
      );
      // What passed the budget was relayed to both honest clients (and, for a broadcast, to the server).
      check(foreign >= 2, `the flood's admitted messages must reach the honest peers through the relay, saw ${foreign}`);
      check(foreign <= 3 * (BURSTS * PER_BURST - dropped), `only messages within the budget are relayed: ${foreign} relayed copies for ${BURSTS * PER_BURST - dropped} admitted`);
    },
  }),
);
