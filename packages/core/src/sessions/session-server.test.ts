import { describe, expect, it } from "vitest";
import { MultiplayerClient } from "../api/multiplayer-client.js";
import { MultiplayerServer } from "../api/multiplayer-server.js";
import { ErrorCode, InvalidArgumentError, InvalidStateError } from "../shared/errors.js";
import { ManualClock } from "../testing/manual-clock.js";
import { type MemoryConnectOptions, MemoryNetwork } from "../testing/memory-network.js";
import { createSeededRandom } from "../testing/seeded-random.js";
import { isSession, type Session } from "./session.js";
import { type JoinRefusal, SessionServer } from "./session-server.js";
import type { SessionServerOptions } from "./session-options.js";

async function host(options: SessionServerOptions = {}) {
  const clock = new ManualClock();
  const network = new MemoryNetwork();
  const runtime = clock.runtime(createSeededRandom(7));
  const server = new SessionServer(network.serverTransport(), runtime, { port: 9000, options });
  await server.listen();
  const refused: JoinRefusal[] = [];
  server.on("join_refused", (info) => refused.push(info));
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 30; i++) {
      const moved = network.flush();
      for (let j = 0; j < 8; j++) await Promise.resolve();
      if (moved === 0 && network.inFlight === 0) break;
    }
  };
  const client = (path: string, connect: MemoryConnectOptions = {}): MultiplayerClient =>
    new MultiplayerClient(network.clientTransport(connect), runtime, { url: `ws://127.0.0.1:9000${path}` });
  const join = async (path: string): Promise<MultiplayerClient> => {
    const c = client(path);
    const id = c.connect();
    await settle();
    await id;
    return c;
  };
  return { clock, network, server, refused, settle, client, join };
}

/** What a client reports for a refused upgrade on the in-memory network (a real runtime reports the HTTP status; see the adapter tests). */
const REFUSED = ErrorCode.TRANSPORT;

function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: unknown) => (error as { code: string }).code,
  );
}

describe("sessions: one peer space per path", () => {
  it("a join creates the session its path names; each session has its own ids, peers and routing, with the server as peer 1", async () => {
    const h = await host();
    const created: string[] = [];
    h.server.on("session_created", (s) => created.push(s.name));
    const a1 = await h.join("/alpha");
    const a2 = await h.join("/alpha?team=red");
    const b1 = await h.join("/beta/");
    expect(created).toEqual(["alpha", "beta"]);
    const alpha = h.server.getSession("alpha")!;
    const beta = h.server.getSession("beta")!;
    expect(isSession(alpha)).toBe(true);
    expect(alpha).toBeInstanceOf(MultiplayerServer);
    expect(alpha.origin).toBe("join");
    expect(alpha.peers.sort()).toEqual([a1.getUniqueId(), a2.getUniqueId()].sort());
    expect(beta.peers).toEqual([b1.getUniqueId()]);
    expect(alpha.getUniqueId()).toBe(1);
    expect(beta.getUniqueId()).toBe(1);
    // A broadcast in one session reaches its peers only.
    alpha.send(0, "to alpha");
    beta.send(0, "to beta");
    await h.settle();
    expect(a1.receive()?.data).toBe("to alpha");
    expect(a2.receive()?.data).toBe("to alpha");
    expect(b1.receive()?.data).toBe("to beta");
    expect(b1.receive()).toBeUndefined();
    // A peer sends to the server of its own session.
    b1.send("hello beta");
    await h.settle();
    expect(beta.receive()?.from).toBe(b1.getUniqueId());
    expect(alpha.receive()).toBeUndefined();
    // Another session's peer id is unknown here.
    expect(() => alpha.send(b1.getUniqueId(), "x")).toThrow();
    expect(h.server.listSessions()).toEqual([
      { name: "alpha", peers: 2, origin: "join" },
      { name: "beta", peers: 1, origin: "join" },
    ]);
  });

  it("each session has its own dialect and options (godot3 relay in one, godot4 in the other)", async () => {
    const h = await host({ createSessions: "application" });
    const g3 = h.server.createSession("g3", { dialect: "godot3", maxPeers: 2 });
    h.server.createSession("g4");
    await g3.listen();
    expect(g3.origin).toBe("application");
    expect(g3.limits.maxPeers).toBe(2);
    expect(h.server.getSession("g4")!.limits.maxPeers).toBe(0);
    const three = new MultiplayerClient(h.network.clientTransport(), h.clock.runtime(), { url: "ws://127.0.0.1:9000/g3", dialect: "godot3" });
    const four = new MultiplayerClient(h.network.clientTransport(), h.clock.runtime(), { url: "ws://127.0.0.1:9000/g4" });
    const ids = [three.connect(), four.connect()];
    await h.settle();
    expect(await Promise.all(ids)).toEqual([g3.peers[0], h.server.getSession("g4")!.peers[0]]);
  });
});

describe("sessions: joins that reach no session", () => {
  it("unknown session when only the application creates them: HTTP 404, join_refused, the client fails", async () => {
    const h = await host({ createSessions: "application" });
    const c = h.client("/nope");
    const code = failure(c.connect());
    await h.settle();
    expect(await code).toBe(REFUSED);
    expect(h.refused).toMatchObject([{ name: "nope", path: "/nope", refusal: "unknown_session", status: 404 }]);
    expect(h.server.hasSession("nope")).toBe(false);
    h.server.createSession("nope");
    const joined = await h.join("/nope");
    expect(joined.getUniqueId()).toBeGreaterThan(1);
  });

  it("a path that names no session: HTTP 404", async () => {
    const h = await host();
    for (const path of ["/", "/%zz", "/" + "x".repeat(65), "/a b", "/.."]) {
      const code = failure(h.client(path).connect());
      await h.settle();
      expect(await code).toBe(REFUSED);
    }
    expect(h.refused.map((r) => [r.refusal, r.status])).toEqual(Array(5).fill(["no_session_named", 404]));
    expect(h.server.sessions).toEqual([]);
  });

  it("defaultSession: a path that names none joins it (a Godot game's bare ws://host:port)", async () => {
    const h = await host({ defaultSession: "lobby", createSessions: "application" });
    h.server.createSession("lobby");
    const c = await h.join("");
    expect(h.server.getSession("lobby")!.peers).toEqual([c.getUniqueId()]);
    expect(() => new SessionServer(h.network.serverTransport(), h.clock.runtime(), { port: 1, options: { defaultSession: "no way" } })).toThrow(InvalidArgumentError);
  });

  it("a full session (maxPeers): the join at the cap is admitted, the one past it gets HTTP 503", async () => {
    const h = await host({ maxPeers: 2 });
    await h.join("/room");
    await h.join("/room");
    const code = failure(h.client("/room").connect());
    await h.settle();
    expect(await code).toBe(REFUSED);
    expect(h.refused).toMatchObject([{ name: "room", refusal: "session_full", status: 503 }]);
    expect(h.server.getSession("room")!.peers).toHaveLength(2);
  });

  it("maxSessions: a join that would open one more session gets HTTP 503; at the cap it is created", async () => {
    const h = await host({ maxSessions: 2 });
    await h.join("/one");
    await h.join("/two");
    const code = failure(h.client("/three").connect());
    await h.settle();
    expect(await code).toBe(REFUSED);
    expect(h.refused).toMatchObject([{ name: "three", refusal: "too_many_sessions", status: 503 }]);
    // A join to an existing session is not a new session.
    await h.join("/one");
    expect(h.server.getSession("one")!.peers).toHaveLength(2);
  });

  it("a closed session: its peers get 1000, it is forgotten at once, and a later join is a join to an unknown name", async () => {
    const h = await host({ createSessions: "application" });
    const session = h.server.createSession("match");
    const closed: string[] = [];
    h.server.on("session_closed", (name) => closed.push(name));
    const c = await h.join("/match");
    const done = session.close();
    expect(h.server.hasSession("match")).toBe(false);
    expect(closed).toEqual(["match"]);
    await h.settle();
    await done;
    expect((await c.whenClosed).code).toBe(1000);
    const code = failure(h.client("/match").connect());
    await h.settle();
    expect(await code).toBe(REFUSED);
    expect(h.refused.at(-1)).toMatchObject({ refusal: "unknown_session", status: 404 });
    // The name can be used again; the new session is a new peer space.
    expect(h.server.createSession("match")).not.toBe(session);
  });
});

describe("sessions: the application's side", () => {
  it("createSession checks its arguments; closeSession and close end sessions", async () => {
    const h = await host();
    expect(() => h.server.createSession("bad name")).toThrow(InvalidArgumentError);
    expect(() => h.server.createSession("ok", { emptyTimeout: -1 })).toThrow(InvalidArgumentError);
    expect(() => h.server.createSession("ok", { maxPeers: -1 })).toThrow(InvalidArgumentError);
    h.server.createSession("ok");
    expect(() => h.server.createSession("ok")).toThrow(InvalidStateError);
    expect(h.server.closeSession("missing")).toBe(false);
    const c = await h.join("/ok");
    await h.join("/other");
    const closing = h.server.closeSession("ok");
    expect(closing).toBeInstanceOf(Promise);
    expect(h.server.sessions.map((s) => s.name)).toEqual(["other"]);
    await h.settle();
    expect((await c.whenClosed).code).toBe(1000);
    let stopped = false;
    h.server.on("close", () => (stopped = true));
    const all = h.server.close();
    await h.settle();
    await all;
    expect(stopped).toBe(true);
    expect(h.server.sessions).toEqual([]);
    expect(() => h.server.createSession("late")).toThrow(InvalidStateError);
    expect(() => new SessionServer(h.network.serverTransport(), h.clock.runtime(), { port: 9001, options: { createSessions: "nobody" as never } })).toThrow(InvalidArgumentError);
    expect(() => new SessionServer(h.network.serverTransport(), h.clock.runtime(), { port: 9001, options: { maxSessions: 1.5 } })).toThrow(InvalidArgumentError);
    expect(() => new SessionServer(h.network.serverTransport(), h.clock.runtime(), { port: 70000 })).toThrow(InvalidArgumentError);
  });

  it("emptyTimeout: an empty session closes that long after its last peer left, not before; 0 keeps it", async () => {
    const h = await host({ emptyTimeout: 5 });
    const kept = h.server.createSession("kept", { emptyTimeout: 0 });
    const c = await h.join("/room");
    h.clock.advance(10_000);
    expect(h.server.hasSession("room")).toBe(true); // it has a peer
    c.close();
    await h.settle();
    expect(h.server.getSession("room")!.peers).toEqual([]);
    h.clock.advance(4_999);
    expect(h.server.hasSession("room")).toBe(true);
    h.clock.advance(1);
    expect(h.server.hasSession("room")).toBe(false);
    expect(h.server.getSession("kept")).toBe(kept);
    // A session that never gets a peer is counted from its creation.
    h.server.createSession("never");
    h.clock.advance(5_000);
    expect(h.server.hasSession("never")).toBe(false);
  });

  it("attach joins an existing session without creating one (what a cluster node does for a bridged client)", async () => {
    const h = await host();
    h.server.createSession("here");
    await h.server.getSession("here")!.listen();
    const socket = { remoteAddress: "10.0.0.1", remotePort: 1, abort: () => undefined };
    const route = await h.server.attach("here", socket);
    expect("link" in route).toBe(true);
    expect(await h.server.attach("elsewhere", socket)).toEqual({ status: 404, reason: "unknown session" });
    expect(h.server.hasSession("elsewhere")).toBe(false);
  });
});

describe("sessions: locate (the cluster's hook)", () => {
  it("is asked only for names with no session here; here / refuse / there each do what they say", async () => {
    const asked: string[] = [];
    let forwarded: string[] = [];
    const h = await host({
      locate: async ({ name }) => {
        asked.push(name);
        if (name === "far") {
          return {
            place: "there",
            link: {
              id: 77,
              upgrade: () => ({ accept: false, reason: "bridged", status: 502 }),
              open: () => undefined,
              message: () => undefined,
              closed: () => (forwarded = [...forwarded, "closed"]),
              error: () => undefined,
              pong: () => undefined,
            },
          };
        }
        if (name === "gone") return { place: "refuse", status: 503, reason: "session directory unavailable" };
        return { place: "here" };
      },
    });
    await h.join("/near");
    await h.join("/near");
    expect(asked).toEqual(["near"]);
    const far = failure(h.client("/far").connect());
    const gone = failure(h.client("/gone").connect());
    await h.settle();
    expect(await far).toBe(REFUSED);
    expect(await gone).toBe(REFUSED);
    expect(asked).toEqual(["near", "far", "gone"]);
    expect(h.server.sessions.map((s: Session) => s.name)).toEqual(["near"]);
  });
});
