import { describe, expect, it } from "vitest";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { ClientEngine } from "../engine/client-engine.js";
import { ErrorCode, InvalidArgumentError } from "../shared/errors.js";
import { DEFAULT_OPTIONS, negotiateSubprotocol, normalizeProtocols, parseHeaderLine, type PeerOptions, resolveOptions, validateHeaderLine } from "../shared/peer-options.js";
import { ServerEngine } from "../engine/server-engine.js";
import { createMemoryPeers, createSeededRandom } from "../testing/index.js";

function expectInvalid(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidArgumentError);
  expect((thrown as InvalidArgumentError).code).toBe(ErrorCode.INVALID_ARGUMENT);
  expect((thrown as InvalidArgumentError).godotError).toBe(31);
}

describe("defaults", () => {
  it("are Godot's", () => {
    expect(resolveOptions()).toEqual({
      handshakeHeaders: [],
      handshakeTimeout: 3,
      inboundBufferSize: 65535,
      maxQueuedPackets: 2048,
      outboundBufferSize: 65535,
      supportedProtocols: [],
      overflow: "drop",
      heartbeatInterval: 0,
      heartbeatTimeout: 10,
    });
    expect(Object.isFrozen(DEFAULT_OPTIONS)).toBe(true);
  });

  it("are copied, so one peer's setter does not change another's", async () => {
    const a = resolveOptions();
    a.maxQueuedPackets = 3;
    expect(resolveOptions().maxQueuedPackets).toBe(2048);
  });
});

describe("option validation", () => {
  const bad: readonly (readonly [keyof PeerOptions, unknown])[] = [
    ["handshakeTimeout", 0],
    ["handshakeTimeout", -1],
    ["handshakeTimeout", Number.NaN],
    ["handshakeTimeout", Number.POSITIVE_INFINITY],
    ["handshakeTimeout", "3"],
    ["inboundBufferSize", 0],
    ["inboundBufferSize", -5],
    ["inboundBufferSize", 1.5],
    ["inboundBufferSize", Number.NaN],
    ["maxQueuedPackets", 0],
    ["maxQueuedPackets", 2.5],
    ["maxQueuedPackets", "10"],
    ["outboundBufferSize", 1.5],
    ["outboundBufferSize", Number.NaN],
    ["outboundBufferSize", null],
    ["overflow", "block"],
    ["handshakeHeaders", "X-A: 1"],
    ["handshakeHeaders", ["X-A: 1\r\nX-Injected: 2"]],
    ["handshakeHeaders", ["X-A: 1\n"]],
    ["handshakeHeaders", ["X-A: 1\r"]],
    ["handshakeHeaders", ["no colon here"]],
    ["handshakeHeaders", [": value without a name"]],
    ["handshakeHeaders", ["Bad Name: 1"]],
    ["handshakeHeaders", ["X-Nul: a\u0000b"]],
    ["handshakeHeaders", [42]],
    ["supportedProtocols", "godot"],
    ["supportedProtocols", [""]],
    ["supportedProtocols", ["   "]],
    ["supportedProtocols", ["two words"]],
    ["supportedProtocols", ["a,b"]],
    ["supportedProtocols", ["caf\u00e9"]],
    ["supportedProtocols", [7]],
  ];

  for (const [key, value] of bad) {
    const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
    it(`refuses ${key} = ${shown} in options, engines and setters`, async () => {
      const options = { [key]: value } as Partial<PeerOptions>;
      expectInvalid(() => resolveOptions(options));
      expectInvalid(() => new ServerEngine({ dialect: createGodot4Server, random: createSeededRandom(1), clock: () => 0, emit: () => {}, options }));
      expectInvalid(() => new ClientEngine({ dialect: createGodot4Client, clock: () => 0, emit: () => {}, options }));
      if (key === "overflow") return; // not a Godot property: no setter on the facades
      const peers = await createMemoryPeers();
      const before = peers.server[key as "maxQueuedPackets"];
      expectInvalid(() => {
        (peers.server as unknown as Record<string, unknown>)[key] = value;
      });
      expect(peers.server[key as "maxQueuedPackets"]).toEqual(before);
      expectInvalid(() => {
        (peers.client() as unknown as Record<string, unknown>)[key] = value;
      });
    });
  }

  it("refuses unknown option keys", () => {
    expectInvalid(() => resolveOptions({ maxQueuedPacket: 3 } as unknown as Partial<PeerOptions>));
  });

  it("accepts the smallest valid values and outboundBufferSize <= 0", () => {
    const o = resolveOptions({ handshakeTimeout: 0.001, inboundBufferSize: 1, maxQueuedPackets: 1, outboundBufferSize: -1, overflow: "close" });
    expect(o).toMatchObject({ handshakeTimeout: 0.001, inboundBufferSize: 1, maxQueuedPackets: 1, outboundBufferSize: -1, overflow: "close" });
    expect(resolveOptions({ outboundBufferSize: 0 }).outboundBufferSize).toBe(0);
  });

  it("keeps header lines verbatim and splits them on the first colon", () => {
    expect(validateHeaderLine("X-Token: a:b:c")).toBe("X-Token: a:b:c");
    expect(parseHeaderLine("X-Token: a:b:c")).toEqual(["X-Token", "a:b:c"]);
    expect(parseHeaderLine("X-Empty:")).toEqual(["X-Empty", ""]);
    const o = resolveOptions({ handshakeHeaders: ["X-A: 1", "X-B:2"] });
    expect(o.handshakeHeaders).toEqual(["X-A: 1", "X-B:2"]);
    expect(Object.isFrozen(o.handshakeHeaders)).toBe(true);
  });

  it("trims subprotocol names, as Godot's setter does", () => {
    expect(normalizeProtocols(["  godot ", "v2.proto"])).toEqual(["godot", "v2.proto"]);
    expect(resolveOptions({ supportedProtocols: [" a "] }).supportedProtocols).toEqual(["a"]);
  });

  it("applies setter values at once and returns copies from getters", async () => {
    const peers = await createMemoryPeers();
    peers.server.handshakeTimeout = 0.5;
    peers.server.handshakeHeaders = ["X-A: 1"];
    const headers = peers.server.handshakeHeaders;
    headers.push("X-B: 2");
    expect(peers.server.handshakeHeaders).toEqual(["X-A: 1"]);
    expect(peers.server.handshakeTimeout).toBe(0.5);
  });
});

describe("negotiateSubprotocol (Godot's server rule)", () => {
  const cases: readonly (readonly [string, readonly string[], readonly string[], string | null])[] = [
    ["neither side uses subprotocols", [], [], ""],
    ["the client offers none, the server has a list", [], ["godot"], null],
    ["the client offers some, the server has none", ["godot"], [], null],
    ["one common protocol", ["godot"], ["godot"], "godot"],
    ["the client's order wins", ["b", "a"], ["a", "b"], "b"],
    ["the first offer the server knows", ["x", "a", "b"], ["b", "a"], "a"],
    ["no common protocol", ["x", "y"], ["a"], null],
    ["offers are trimmed", ["  a  "], ["a"], "a"],
    ["empty offers are ignored", ["", " "], [], ""],
    ["empty offers are ignored before a real one", ["", "a"], ["a"], "a"],
    ["names are case-sensitive", ["Godot"], ["godot"], null],
  ];
  for (const [label, offered, supported, expected] of cases) {
    it(label, () => {
      expect(negotiateSubprotocol(offered, supported)).toBe(expected);
    });
  }

  it("is applied by the server: a mismatch never becomes a peer", async () => {
    const peers = await createMemoryPeers({ options: { supportedProtocols: ["godot"] } });
    const failed: string[] = [];
    peers.server.on("handshake_failed", (info) => failed.push(info.code));
    const wrong = peers.client({ options: { supportedProtocols: ["other"] } });
    const rejected = wrong.connect().then(
      () => "connected",
      () => "rejected",
    );
    const right = peers.client({ options: { supportedProtocols: ["other", "godot"] } });
    const accepted = right.connect();
    await peers.settle();
    expect(await rejected).toBe("rejected");
    expect(await accepted).toBeGreaterThanOrEqual(2);
    expect(right.getSelectedProtocol()).toBe("godot");
    expect(peers.server.getPeer(right.getUniqueId())!.getSelectedProtocol()).toBe("godot");
    expect(failed).toEqual([ErrorCode.HANDSHAKE_REJECTED]);
    expect(peers.server.peers).toEqual([right.getUniqueId()]);
  });
});
