import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Connection } from "../contract/connection.js";
import { createGodot3Client, createGodot3Server } from "./godot3-dialect.js";
import { createGodot4Client, createGodot4Server } from "./godot4-dialect.js";
import { createSceneClient } from "./scene/scene-client-dialect.js";
import { createSceneServer } from "./scene/scene-server-dialect.js";
import { decodeCompressedVariant, decodeVariant } from "./variant/index.js";
import { isWsmpError } from "../shared/errors.js";
import { createSeededRandom } from "../testing/seeded-random.js";
import type { ClientDialectFactory, ServerDialectFactory } from "../engine/dialect-contract.js";
import { ClientEngine } from "../engine/client-engine.js";
import { ServerEngine } from "../engine/server-engine.js";

/**
 * Random bytes through the engines' input calls (not only the decoders): every message gives a
 * packet, a drop or a close, never an exception out of `message`.
 */

function connection(): Connection {
  return { specVersion: 1, send() {}, close() {}, terminate() {}, bufferedAmount: 0, remoteAddress: "127.0.0.1", remotePort: 1, protocol: "" };
}

const SERVERS: [string, ServerDialectFactory][] = [
  ["godot3 header", createGodot3Server],
  ["godot4", createGodot4Server],
  ["SceneMultiplayer", createSceneServer(true)],
  ["SceneMultiplayer with auth", createSceneServer({ auth: () => undefined })],
];
const CLIENTS: [string, ClientDialectFactory][] = [
  ["godot3 header", createGodot3Client],
  ["godot4", createGodot4Client],
  ["SceneMultiplayer", createSceneClient(true)],
];

const messages = fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 16 }), fc.constantFrom(new Uint8Array([3, 1, 2]), new Uint8Array([7, 1, 5, 0, 0, 0]), new Uint8Array([6, 0]))), { maxLength: 20 });

describe("decoder fuzz through the engines' input calls", () => {
  for (const [name, dialect] of SERVERS) {
    it(`server, ${name}: random messages never throw out of link.message`, () => {
      fc.assert(
        fc.property(messages, (batch) => {
          const engine = new ServerEngine({ random: createSeededRandom(1), clock: () => 0, emit: () => undefined, dialect });
          engine.started();
          const links = [0, 1].map(() => engine.accept({ remoteAddress: "127.0.0.1", remotePort: 1, abort() {} }, 0));
          for (const link of links) {
            const decision = link.upgrade([], {});
            if ("accept" in decision && decision.accept) link.open(connection());
          }
          for (const [i, data] of batch.entries()) expect(() => links[i % 2]!.message(data)).not.toThrow();
        }),
        { numRuns: 300 },
      );
    });
  }

  for (const [name, dialect] of CLIENTS) {
    it(`client, ${name}: random messages from a server never throw out of link.message`, () => {
      fc.assert(
        fc.property(messages, (batch) => {
          const engine = new ClientEngine({ clock: () => 0, emit: () => undefined, dialect });
          const link = engine.begin(() => undefined, 0);
          link.open(connection());
          for (const data of batch) expect(() => link.message(data)).not.toThrow();
        }),
        { numRuns: 300 },
      );
    });
  }

  it("the Variant decoders answer random bytes with a value or a WsmpError, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), fc.boolean(), (bytes, godot3) => {
        for (const decode of [() => decodeVariant(bytes, { version: godot3 ? 3 : 4 }), () => decodeCompressedVariant(bytes)]) {
          try {
            decode();
          } catch (error) {
            expect(isWsmpError(error)).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
