import { describe, expect, it } from "vitest";
import type { ServerLink, UpgradeDecision } from "../contract/connection.js";
import { FrontDoor, type Route, type RouteRequest } from "./front-door.js";
import { joinVerdict, sessionNameOf } from "./session-rules.js";

function socket() {
  const s = { remoteAddress: "127.0.0.1", remotePort: 5000, aborted: 0, abort: () => void s.aborted++ };
  return s;
}

function innerLink(log: string[]): ServerLink {
  return {
    id: 42,
    upgrade: () => ({ accept: true, protocol: "", headers: [] }),
    open: () => log.push("open"),
    message: (data) => log.push(`message ${String(data)}`),
    closed: (code) => log.push(`closed ${code}`),
    error: () => log.push("error"),
    pong: () => log.push("pong"),
  };
}

function door(route: (request: RouteRequest) => Route | Promise<Route>, maxPending = 0) {
  let time = 0;
  const wakes: number[] = [];
  const front = new FrontDoor({ clock: () => time, wake: (d) => wakes.push(d), timeoutMs: () => 3000, maxPending: () => maxPending, route });
  return { front, wakes, at: (t: number) => (time = t) };
}

describe("front door: the handshake clock starts at TCP accept, the id at the upgrade", () => {
  it("hands the session the accept time; the link has no id until its session gives one; every later input goes to the session's link", () => {
    const seen: RouteRequest[] = [];
    const log: string[] = [];
    const d = door((request) => (seen.push(request), { link: innerLink(log) }));
    const s = socket();
    const link = d.front.accept(s, 1000);
    expect(d.wakes).toEqual([4000]);
    expect(link.id).toBe(0);
    d.at(3500);
    const decision = link.upgrade(["a"], { origin: "x" }, { path: "/room?x=1" }) as UpgradeDecision;
    expect(decision.accept).toBe(true);
    expect(seen).toMatchObject([{ acceptedAt: 1000, path: "/room?x=1", protocols: ["a"], headers: { origin: "x" } }]);
    expect(link.id).toBe(42);
    expect(d.front.pending).toBe(0);
    // Past the front's deadline nothing happens here: the session owns the deadline now.
    expect(d.front.tick(5000)).toBeUndefined();
    expect(s.aborted).toBe(0);
    link.message("hi");
    link.pong();
    link.closed(1000, "");
    expect(log).toEqual(["message hi", "pong", "closed 1000"]);
  });

  it("a connection that never sends its request is aborted handshakeTimeout after accept, not before", () => {
    const d = door(() => ({ status: 404, reason: "x" }));
    const s = socket();
    d.front.accept(s, 0);
    expect(d.front.tick(2999)).toBe(3000);
    expect(s.aborted).toBe(0);
    expect(d.front.tick(3000)).toBeUndefined();
    expect(s.aborted).toBe(1);
    expect(d.front.pending).toBe(0);
  });

  it("a refusal answers with its HTTP status; a second upgrade on the same connection is refused", () => {
    const d = door(() => ({ status: 503, reason: "session full" }));
    const link = d.front.accept(socket(), 0);
    expect(link.upgrade([], {}, { path: "/x" })).toEqual({ accept: false, reason: "session full", status: 503 });
    expect((link.upgrade([], {}, { path: "/x" }) as UpgradeDecision).accept).toBe(false);
  });

  it("rule 4: a route found after the deadline passed tells its link the socket closed (1006), and the upgrade is refused", async () => {
    const log: string[] = [];
    let finish: (route: Route) => void = () => undefined;
    const d = door(() => new Promise<Route>((resolve) => (finish = resolve)));
    const s = socket();
    const link = d.front.accept(s, 0);
    const decision = link.upgrade([], {}, { path: "/slow" });
    d.front.tick(3000);
    expect(s.aborted).toBe(1);
    finish({ link: innerLink(log) });
    expect(((await decision) as UpgradeDecision).accept).toBe(false);
    expect(log).toEqual(["closed 1006"]);
  });

  it("maxPendingHandshakes counts connections that named no session yet: at the cap accepted, past it aborted", () => {
    const d = door(() => ({ status: 404, reason: "x" }), 2);
    const sockets = [socket(), socket(), socket()];
    for (const s of sockets) d.front.accept(s, 0);
    expect(sockets.map((s) => s.aborted)).toEqual([0, 0, 1]);
    expect(d.front.pending).toBe(2);
    d.front.close();
    expect(sockets.map((s) => s.aborted)).toEqual([1, 1, 1]);
  });
});

describe("session rules", () => {
  it("the first path segment, percent-decoded, names the session", () => {
    expect(sessionNameOf("/match-42")).toBe("match-42");
    expect(sessionNameOf("/match-42/")).toBe("match-42");
    expect(sessionNameOf("/match-42/extra?x=1")).toBe("match-42");
    expect(sessionNameOf("/a%2Eb?q")).toBe("a.b");
    expect(sessionNameOf("/" + "n".repeat(64))).toBe("n".repeat(64));
    for (const bad of ["/", "", "/?x=1", "/" + "n".repeat(65), "/%E2%82%AC", "/%zz", "/.", "/..", "/a%20b"]) expect(sessionNameOf(bad)).toBeUndefined();
  });

  it("the join table", () => {
    const base = { exists: true, maxPeers: 2, peers: 1, sessions: 1, maxSessions: 1, creation: "application" as const };
    expect(joinVerdict(base)).toEqual({ kind: "join" });
    expect(joinVerdict({ ...base, peers: 2 })).toEqual({ kind: "refuse", refusal: "session_full" });
    expect(joinVerdict({ ...base, maxPeers: 0, peers: 999 })).toEqual({ kind: "join" });
    expect(joinVerdict({ ...base, exists: false })).toEqual({ kind: "refuse", refusal: "unknown_session" });
    expect(joinVerdict({ ...base, exists: false, creation: "on-join" })).toEqual({ kind: "refuse", refusal: "too_many_sessions" });
    expect(joinVerdict({ ...base, exists: false, creation: "on-join", sessions: 0 })).toEqual({ kind: "create" });
    expect(joinVerdict({ ...base, exists: false, creation: "on-join", maxSessions: 0 })).toEqual({ kind: "create" });
  });
});
