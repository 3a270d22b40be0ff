import { describe, expect, it } from "vitest";
import { ErrorCode, InvalidArgumentError } from "../shared/errors.js";
import { DEFAULT_SERVER_LIMITS, resolveServerLimits } from "../shared/server-limits.js";
import type { HandshakeFailure } from "../engine/server-engine-events.js";
import { failureCode, harness } from "../testing/server-harness.js";
import type { ServerConfig } from "./multiplayer-server.js";

async function serverWith(limits: ServerConfig["limits"]) {
  const h = await harness({ limits });
  const failures: HandshakeFailure[] = [];
  h.server.on("handshake_failed", (info) => failures.push(info));
  return { h, failures };
}

describe("server limits: validation and defaults", () => {
  it("are off by default (Godot has none) except slowPeer, which closes a receiver a relay cannot reach", () => {
    expect(resolveServerLimits()).toEqual(DEFAULT_SERVER_LIMITS);
    expect(DEFAULT_SERVER_LIMITS).toMatchObject({ maxPeers: 0, maxPeersPerAddress: 0, maxPendingHandshakes: 0, allowedOrigins: [], slowPeer: "close-on-relay", slowPeerTimeout: 0 });
  });

  it("refuses bad values at once with InvalidArgumentError", () => {
    for (const bad of [
      { maxPeers: -1 },
      { maxPeers: 1.5 },
      { maxPeersPerAddress: "2" },
      { maxPendingHandshakes: Number.NaN },
      { maxInboundMessagesPerSecond: -3 },
      { maxInboundBytesPerSecond: Infinity },
      { allowedOrigins: ["example.com"] },
      { allowedOrigins: "https://a.example" },
      { admit: 3 },
      { slowPeer: "kick" },
      { slowPeerTimeout: -1 },
      { notALimit: 1 },
    ]) {
      expect(() => resolveServerLimits(bad as never), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
    expect(resolveServerLimits({ allowedOrigins: ["HTTPS://Game.Example/", "*"] }).allowedOrigins).toEqual(["https://game.example", "*"]);
  });
});

describe("admission caps", () => {
  it("maxPeers: the cap-th peer connects, the next is refused and counted", async () => {
    const { h, failures } = await serverWith({ maxPeers: 2 });
    const ok = [h.client(), h.client()];
    const joined = ok.map((c) => c.connect());
    await h.settle();
    await Promise.all(joined);
    const third = h.client();
    const result = failureCode(third.connect());
    await h.settle();
    expect(await result).toBe(ErrorCode.TRANSPORT);
    expect(h.server.peers).toHaveLength(2);
    expect(failures.map((f) => [f.code, f.refusal])).toEqual([[ErrorCode.HANDSHAKE_REJECTED, "max_peers"]]);
    expect(h.server.refusals).toMatchObject({ total: 1, byReason: { max_peers: 1 } });
    // A peer leaving frees a place.
    ok[0]!.disconnect();
    await h.settle();
    const fourth = h.client();
    const later = fourth.connect();
    await h.settle();
    expect(await later).toBeGreaterThan(1);
  });

  it("maxPeersPerAddress: counts live connections of one address; others are unaffected", async () => {
    const { h } = await serverWith({ maxPeersPerAddress: 2 });
    const same = [h.client({}, { address: "10.0.0.5" }), h.client({}, { address: "10.0.0.5" }), h.client({}, { address: "10.0.0.5" })];
    const other = h.client({}, { address: "10.0.0.6" });
    const results = [...same, other].map((c) => failureCode(c.connect()));
    await h.settle();
    const codes = await Promise.all(results);
    expect(codes).toEqual(["resolved", "resolved", ErrorCode.TRANSPORT, "resolved"]);
    expect(h.server.refusals.byReason.max_peers_per_address).toBe(1);
  });

  it("maxPendingHandshakes: at the cap the next handshake is refused, and admitted ones free their place", async () => {
    const { h } = await serverWith({ maxPendingHandshakes: 2 });
    const stalled = [h.client({}, { neverUpgrade: true }), h.client({}, { neverUpgrade: true })];
    for (const c of stalled) void c.connect().catch(() => undefined);
    const third = failureCode(h.client({}, { neverUpgrade: true }).connect());
    await h.settle();
    expect(h.server.liveConnections).toBe(2);
    expect(h.server.refusals.byReason.max_pending_handshakes).toBe(1);
    h.clock.advance(3001); // the stalled ones time out
    await h.settle();
    expect(await third).toBe(ErrorCode.TRANSPORT); // dropped at accept, before its handshake
    const fresh = h.client().connect();
    await h.settle();
    expect(await fresh).toBeGreaterThan(1);
  });
});

describe("origins and the admit hook", () => {
  it("allowedOrigins: a listed origin connects, another gets 403, a request without Origin (Godot) passes", async () => {
    const { h, failures } = await serverWith({ allowedOrigins: ["https://game.example"] });
    const results = [
      h.client({}, { headers: { origin: "https://game.example" } }),
      h.client({}, { headers: { origin: "https://evil.example" } }),
      h.client(),
    ].map((c) => failureCode(c.connect()));
    await h.settle();
    expect(await Promise.all(results)).toEqual(["resolved", ErrorCode.TRANSPORT, "resolved"]);
    expect(failures.map((f) => f.refusal)).toEqual(["origin"]);
  });

  it("sees the request before any id exists and can refuse with a status, synchronously or later", async () => {
    const seen: unknown[] = [];
    const { h, failures } = await serverWith({
      admit: async (request) => {
        seen.push({ path: request.path, origin: request.origin, token: request.headers["x-token"], protocols: request.protocols, address: request.remoteAddress });
        await Promise.resolve();
        return request.headers["x-token"] === "good" ? true : { status: 401, reason: "bad token" };
      },
    });
    const good = h.client({ handshakeHeaders: ["X-Token: good"] }, { path: "/room/7" });
    const bad = h.client({ handshakeHeaders: ["X-Token: nope"] });
    const results = [good, bad].map((c) => failureCode(c.connect()));
    await h.settle();
    expect(await Promise.all(results)).toEqual(["resolved", ErrorCode.TRANSPORT]);
    expect(seen[0]).toEqual({ path: "/room/7", origin: "", token: "good", protocols: [], address: "127.0.0.1" });
    expect(failures.map((f) => [f.refusal, f.reason])).toEqual([["admission", "bad token"]]);
  });

  it("a hook that throws refuses that connection and reports the error through `error`; the server keeps serving", async () => {
    const errors: unknown[] = [];
    const { h } = await serverWith({
      admit: (request) => {
        if (request.headers["x-token"] === "boom") throw new Error("hook bug");
        return undefined;
      },
    });
    h.server.on("error", (e) => errors.push(e));
    const results = [h.client({ handshakeHeaders: ["X-Token: boom"] }), h.client()].map((c) => failureCode(c.connect()));
    await h.settle();
    expect(await Promise.all(results)).toEqual([ErrorCode.TRANSPORT, "resolved"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: ErrorCode.LISTENER, cause: { message: "hook bug" } });
  });

  it("a hook still running when the handshake timeout passes: the connection is gone, the late answer ignored", async () => {
    let release: (v: boolean) => void = () => undefined;
    const { h } = await serverWith({ admit: () => new Promise<boolean>((resolve) => (release = resolve)) });
    const result = failureCode(h.client().connect());
    await h.settle();
    h.clock.advance(3001);
    await h.settle();
    release(true);
    await h.settle();
    expect(await result).toBe(ErrorCode.HANDSHAKE_TIMEOUT);
    expect(h.server.peers).toEqual([]);
    expect(h.server.liveConnections).toBe(0);
  });
});
