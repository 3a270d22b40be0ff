import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../shared/bytes.js";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import { createMemoryPeers } from "../testing/index.js";
import type { ClientTransport } from "../contract/transport.js";
import { decodeIdMessage, encodeIdMessage } from "./godot4-dialect.js";
import { ErrorCode } from "../shared/errors.js";
import { engineClient } from "../testing/fake-sockets.js";

/** The Godot 4 id message: the client's id as one 4-byte little-endian int32 binary message. */
const ID_VECTORS: readonly (readonly [number, string])[] = [
  [2, "02 00 00 00"],
  [255, "FF 00 00 00"],
  [256, "00 01 00 00"],
  [1234567, "87 D6 12 00"],
  [0x7fffffff, "FF FF FF 7F"],
];

describe("Godot 4 id message", () => {
  for (const [id, hex] of ID_VECTORS) {
    it(`encodes id ${id} as ${hex} and decodes it back`, () => {
      expect(toHex(encodeIdMessage(id))).toBe(hex);
      expect(decodeIdMessage(fromHex(hex))).toBe(id);
    });
  }

  it("rejects messages that are not exactly 4 bytes", () => {
    expect(decodeIdMessage(fromHex("87 D6 12"))).toBeUndefined();
    expect(decodeIdMessage(fromHex("87 D6 12 00 00"))).toBeUndefined();
    expect(decodeIdMessage(new Uint8Array(0))).toBeUndefined();
  });

  it("rejects a text message even when it is 4 bytes long", () => {
    expect(decodeIdMessage("\u0087\u00d6\u0012\u0000")).toBeUndefined();
    expect(decodeIdMessage("abcd")).toBeUndefined();
  });

  it("rejects ids 0 and 1 and negative ids", () => {
    expect(decodeIdMessage(fromHex("00 00 00 00"))).toBeUndefined();
    expect(decodeIdMessage(fromHex("01 00 00 00"))).toBeUndefined();
    expect(decodeIdMessage(fromHex("FF FF FF FF"))).toBeUndefined(); // -1
    expect(decodeIdMessage(fromHex("00 00 00 80"))).toBeUndefined(); // -2^31
    expect(decodeIdMessage(fromHex("FE FF FF FF"))).toBeUndefined(); // -2
  });

  it("reads a 4-byte view into a larger buffer", () => {
    const frame = fromHex("AA 87 D6 12 00 BB");
    expect(decodeIdMessage(frame.subarray(1, 5))).toBe(1234567);
  });
});

describe("Godot 4 dialect on the wire", () => {
  it("sends exactly the id message first, then application packets unchanged", async () => {
    const peers = await createMemoryPeers();
    const wire: string[] = [];
    // Tap the client's link to see whole wire messages, below the dialect.
    const inner = peers.network.clientTransport();
    const tapped: ClientTransport = {
      specVersion: 1,
      capabilities: inner.capabilities,
      connect: (request) =>
        inner.connect({
          ...request,
          link: { ...request.link, message: (data) => (wire.push(typeof data === "string" ? `text:${data}` : toHex(data)), request.link.message(data)) },
        }),
    };
    const client = new MultiplayerClient(tapped, peers.clock.runtime(), { url: "ws://127.0.0.1:9000" });
    const connecting = client.connect();
    await peers.settle();
    const id = await connecting;
    expect(wire).toEqual([toHex(encodeIdMessage(id))]);
    peers.server.send(id, fromHex("07 01 87 D6 12 00"));
    peers.server.send(0, "hi");
    await peers.settle();
    expect(wire.slice(1)).toEqual(["07 01 87 D6 12 00", "text:hi"]);
    expect(toHex(client.getPacket()!)).toBe("07 01 87 D6 12 00");
    expect(client.wasStringPacket()).toBe(false);
  });
});

describe("godot4 client: a first message that is not an id", () => {
  it("fails with 1002 and says what the first message must be", () => {
    const c = engineClient();
    c.open();
    c.link.message(new Uint8Array([1, 0, 0, 0]));
    expect(c.events[0]).toEqual({
      type: "protocol_error",
      info: { peer: 1, code: ErrorCode.PROTOCOL, closeCode: 1002, message: "the first message from the server must be a 4-byte id >= 2" },
    });
  });
});
