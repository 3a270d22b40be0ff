import { describe, expect, it } from "vitest";
import { fromHex, toHex, utf8Decode } from "../../shared/bytes.js";
import type { MultiplayerClient } from "../../api/multiplayer-client.js";
import { GodotError } from "../../shared/constants.js";
import { isWsmpError } from "../../shared/errors.js";
import { createMemoryPeers, type MemoryPeers } from "../../testing/index.js";
import { encodeAddPeer, encodeDelPeer, encodeRelay } from "./scene-codec.js";
import type { SceneAuthCallback, SceneClientOptions, SceneServerOptions } from "./scene-options.js";
import { createSceneClient } from "./scene-client-dialect.js";
import { createSceneServer } from "./scene-server-dialect.js";

interface AuthWorld {
  readonly peers: MemoryPeers;
  readonly log: string[];
  /** A plain godot4 client: its wire traffic is recorded as hex. */
  wireClient(): Promise<{ client: MultiplayerClient; wire: string[] }>;
  sceneClient(options?: true | SceneClientOptions): MultiplayerClient;
}

async function world(scene: SceneServerOptions): Promise<AuthWorld> {
  const peers = await createMemoryPeers({ dialect: createSceneServer(scene) });
  const log: string[] = [];
  const s = peers.server;
  s.on("peer_authenticating", (id) => log.push(`authenticating ${id}`));
  s.on("peer_authentication_failed", (id, reason) => log.push(`auth_failed ${id} ${reason}`));
  s.on("peer_connected", (id) => log.push(`connected ${id}`));
  s.on("peer_disconnected", (id) => log.push(`disconnected ${id}`));
  s.on("packet_dropped", (info) => log.push(`dropped ${info.peer} ${info.code}`));
  s.on("peer_packet", (from, data) => log.push(`peer_packet ${from} ${toHex(data!)}`));
  return {
    peers,
    log,
    async wireClient() {
      const [client] = await peers.connectClients(1);
      const wire: string[] = [];
      client!.on("packet", (p) => wire.push(toHex(p.data as Uint8Array)));
      return { client: client!, wire };
    },
    sceneClient(options = true) {
      return peers.client({ dialect: createSceneClient(options) });
    },
  };
}

const text = (data: Uint8Array): string => utf8Decode(data);

describe("scene auth: server side, byte level", () => {
  it("admits a peer once both sides completed; ADD_PEER follows the server's completion", async () => {
    const seen: string[] = [];
    const w = await world({
      auth: (id, data) => {
        seen.push(`${id}:${toHex(data)}`);
        return text(data) === "pw";
      },
    });
    const first = await w.wireClient();
    w.peers.server.on("peer_authenticating", (id) => w.peers.server.sendAuth(id, "who?"));
    const second = await w.wireClient();
    await w.peers.settle();
    const [a, b] = [first.client.getUniqueId(), second.client.getUniqueId()];
    expect(w.peers.server.getAuthenticatingPeers()).toEqual([a, b]);
    expect(first.wire).toEqual([]);
    expect(second.wire).toEqual(["07 00 77 68 6F 3F"]);
    // A: completes first, then sends the password; B sends it and completes.
    first.client.send(fromHex("07 00"));
    first.client.send(fromHex("07 00 70 77"));
    second.client.send(fromHex("07 00 70 77"));
    await w.peers.settle();
    expect(seen).toEqual([`${a}:70 77`, `${b}:70 77`]);
    expect(w.log).toEqual([`authenticating ${a}`, `authenticating ${b}`, `connected ${a}`]);
    expect(first.wire).toEqual(["07 00"]);
    expect(second.wire).toEqual(["07 00 77 68 6F 3F", "07 00"]);
    second.client.send(fromHex("07 00"));
    await w.peers.settle();
    expect(w.log.at(-1)).toBe(`connected ${b}`);
    expect(first.wire).toEqual(["07 00", toHex(encodeAddPeer(b))]);
    expect(second.wire).toEqual(["07 00 77 68 6F 3F", "07 00", toHex(encodeAddPeer(a))]);
    expect(w.peers.server.peers).toEqual([a, b]);
    expect(w.peers.server.getAuthenticatingPeers()).toEqual([]);
  });

  it("drops a pending peer's non-AUTH packets and never relays to or from it", async () => {
    const w = await world({ auth: () => undefined });
    const pending = await w.wireClient();
    const p = pending.client.getUniqueId();
    pending.client.send(fromHex("03 68 69"));
    pending.client.send(encodeRelay(0, fromHex("03 01")));
    await w.peers.settle();
    expect(w.log).toEqual([`authenticating ${p}`, `dropped ${p} WSMP_ERR_PROTOCOL`, `dropped ${p} WSMP_ERR_PROTOCOL`]);
    expect(w.peers.server.sendBytes(fromHex("01"), p)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(w.peers.server.peers).toEqual([]);
  });

  it("fails a peer whose callback answers false: closed with 4001, no peer_connected/peer_disconnected", async () => {
    const w = await world({ auth: () => false });
    const bad = await w.wireClient();
    const id = bad.client.getUniqueId();
    bad.client.send(fromHex("07 00 00"));
    await w.peers.settle();
    expect(w.log).toEqual([`authenticating ${id}`, `auth_failed ${id} rejected`]);
    expect(bad.client.getCloseCode()).toBe(4001);
    expect(bad.client.getCloseReason()).toBe("Authentication failed");
    expect(w.peers.server.getAuthenticatingPeers()).toEqual([]);
  });

  it("passes a callback's error along with reason callback_error (sync throw and rejected promise)", async () => {
    const errors: unknown[] = [];
    const w = await world({
      auth: (_id, data) => {
        if (data[0] === 1) throw new Error("sync");
        return Promise.reject(new Error("async"));
      },
    });
    w.peers.server.on("peer_authentication_failed", (_id, _reason, error) => errors.push(error));
    const one = await w.wireClient();
    const two = await w.wireClient();
    one.client.send(fromHex("07 00 01"));
    two.client.send(fromHex("07 00 02"));
    await w.peers.settle();
    expect(errors.map((e) => (e as Error).message)).toEqual(["sync", "async"]);
    expect(w.log.filter((l) => l.startsWith("auth_failed"))).toEqual([
      `auth_failed ${one.client.getUniqueId()} callback_error`,
      `auth_failed ${two.client.getUniqueId()} callback_error`,
    ]);
  });

  it("times a peer out after authTimeout (default 3 s), and not before", async () => {
    const w = await world({ auth: () => undefined });
    const slow = await w.wireClient();
    const id = slow.client.getUniqueId();
    w.peers.clock.advance(2990);
    await w.peers.settle();
    expect(w.log).toEqual([`authenticating ${id}`]);
    w.peers.clock.advance(20);
    await w.peers.settle();
    expect(w.log).toEqual([`authenticating ${id}`, `auth_failed ${id} timeout`]);
    expect(slow.client.getCloseCode()).toBe(4002);
    expect(slow.client.getCloseReason()).toBe("Authentication timed out");
  });

  it("honours a custom authTimeout and 0 (no limit)", async () => {
    const short = await world({ auth: () => undefined, authTimeout: 0.5 });
    await short.wireClient();
    short.peers.clock.advance(499);
    expect(short.log.some((l) => l.includes("timeout"))).toBe(false);
    short.peers.clock.advance(2);
    expect(short.log.some((l) => l.includes("timeout"))).toBe(true);
    const never = await world({ auth: () => undefined, authTimeout: 0 });
    await never.wireClient();
    never.peers.clock.advance(60_000);
    await never.peers.settle();
    expect(never.log.some((l) => l.includes("auth_failed"))).toBe(false);
    expect(never.peers.server.getAuthenticatingPeers()).toHaveLength(1);
  });

  it("reports a pending peer that leaves as peer_authentication_failed(disconnected), without DEL_PEER", async () => {
    const w = await world({ auth: (_id, data) => data[0] === 1 });
    const member = await w.wireClient();
    member.client.send(fromHex("07 00 01"));
    member.client.send(fromHex("07 00"));
    const pending = await w.wireClient();
    await w.peers.settle();
    member.wire.length = 0;
    pending.client.disconnect();
    await w.peers.settle();
    expect(w.log.at(-1)).toBe(`auth_failed ${pending.client.getUniqueId()} disconnected`);
    expect(w.log.filter((l) => l.startsWith("disconnected"))).toEqual([]);
    expect(member.wire).toEqual([]);
  });

  it("fires nothing for a pending peer after the server closed", async () => {
    const w = await world({ auth: () => undefined });
    await w.wireClient();
    const closing = w.peers.server.close();
    w.peers.clock.advance(3500);
    await w.peers.settle();
    await closing;
    expect(w.log.filter((l) => l.startsWith("auth_failed"))).toEqual([]);
  });

  it("returns Godot's errors from sendAuth and completeAuth", async () => {
    const w = await world({ auth: () => undefined });
    const { client } = await w.wireClient();
    const id = client.getUniqueId();
    const s = w.peers.server;
    expect(s.sendAuth(id, new Uint8Array(0))).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(s.sendAuth(12345, "x")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(s.completeAuth(12345)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(s.sendAuth(id, "x")).toBe(GodotError.OK);
    expect(s.completeAuth(id)).toBe(GodotError.OK);
    expect(s.completeAuth(id)).toBe(GodotError.ERR_FILE_CANT_WRITE);
    expect(s.sendAuth(id, "x")).toBe(GodotError.ERR_FILE_CANT_WRITE);
  });

  it("ignores an async callback's answer that arrives after the peer left", async () => {
    let release: (ok: boolean) => void = () => undefined;
    const w = await world({ auth: () => new Promise<boolean>((resolve) => (release = resolve)) });
    const { client } = await w.wireClient();
    client.send(fromHex("07 00 01"));
    await w.peers.settle();
    client.disconnect();
    await w.peers.settle();
    release(true);
    await w.peers.settle();
    expect(w.log.filter((l) => l.startsWith("connected"))).toEqual([]);
  });
});

describe("scene auth: after authentication", () => {
  /** Two peers authenticated with the password "pw" (an answer of the callback's choosing). */
  async function twoMembers(auth: SceneAuthCallback) {
    const w = await world({ auth });
    const a = await w.wireClient();
    const b = await w.wireClient();
    for (const { client } of [a, b]) {
      client.send(fromHex("07 00 70 77"));
      client.send(fromHex("07 00"));
    }
    await w.peers.settle();
    return { ...w, a, b, ids: [a.client.getUniqueId(), b.client.getUniqueId()] as const };
  }

  it("an authenticated peer is a member: its packets reach the server and the others, and its leave is announced", async () => {
    const w = await twoMembers((_id, data) => text(data) === "pw");
    const [a, b] = w.ids;
    expect(w.peers.server.peers).toEqual([a, b]);
    w.log.length = 0;
    w.a.wire.length = 0;
    w.b.wire.length = 0;
    w.a.client.send(fromHex("03 68 69"));
    w.a.client.send(encodeRelay(b, fromHex("03 01")));
    await w.peers.settle();
    expect(w.log).toEqual([`peer_packet ${a} 68 69`]);
    expect(w.b.wire).toEqual([toHex(encodeRelay(a, fromHex("03 01")))]);
    w.b.client.disconnect();
    await w.peers.settle();
    expect(w.log.at(-1)).toBe(`disconnected ${b}`);
    expect(w.a.wire).toEqual([toHex(encodeDelPeer(b))]);
  });

  it("a callback's promise that resolves true completes this side, as a plain true does", async () => {
    const w = await twoMembers(async (_id, data) => text(data) === "pw");
    const [a, b] = w.ids;
    expect(w.log).toEqual([`authenticating ${a}`, `authenticating ${b}`, `connected ${a}`, `connected ${b}`]);
    expect(w.a.wire).toEqual(["07 00", toHex(encodeAddPeer(b))]);
  });

  it("a callback that answers nothing leaves the peer pending, neither failed nor admitted, until the server completes", async () => {
    const w = await twoMembers(() => undefined);
    const [a, b] = w.ids;
    expect(w.log).toEqual([`authenticating ${a}`, `authenticating ${b}`]);
    expect(w.peers.server.getAuthenticatingPeers()).toEqual([a, b]);
    expect(w.peers.server.completeAuth(a)).toBe(GodotError.OK);
    await w.peers.settle();
    expect(w.log.at(-1)).toBe(`connected ${a}`);
  });
});

describe("scene auth: TypeScript client against a wsmp scene server", () => {
  const serverAuth: SceneAuthCallback = (_id, data) => text(data) === "let me in";

  it("runs the whole exchange: challenge, answer, both completions, then connected", async () => {
    const w = await world({ auth: serverAuth });
    w.peers.server.on("peer_authenticating", (id) => w.peers.server.sendAuth(id, "password?"));
    const clientLog: string[] = [];
    const client = w.sceneClient({
      auth: (id, data) => {
        clientLog.push(`auth ${id} ${text(data)}`);
        client.sendAuth(1, "let me in");
        return true;
      },
    });
    client.on("peer_authenticating", (id) => clientLog.push(`authenticating ${id}`));
    client.on("connected_to_server", (id) => clientLog.push(`connected_to_server ${id}`));
    client.on("peer_connected", (id) => clientLog.push(`peer_connected ${id}`));
    const id = client.connect();
    await w.peers.settle();
    expect(await id).toBe(client.getUniqueId());
    expect(clientLog).toEqual(["authenticating 1", "auth 1 password?", `connected_to_server ${client.getUniqueId()}`, "peer_connected 1"]);
    expect(w.log).toEqual([`authenticating ${client.getUniqueId()}`, `connected ${client.getUniqueId()}`]);
    expect(client.getAuthenticatingPeers()).toEqual([]);
  });

  it("keeps the connection pending past handshakeTimeout while authTimeout runs", async () => {
    const w = await world({ auth: serverAuth, authTimeout: 10 });
    const client = w.sceneClient({ auth: () => undefined, authTimeout: 10 });
    const result = client.connect();
    await w.peers.settle();
    w.peers.clock.advance(5000);
    await w.peers.settle();
    expect(client.getAuthenticatingPeers()).toEqual([1]);
    expect(client.sendAuth(1, "let me in")).toBe(GodotError.OK);
    expect(client.completeAuth(1)).toBe(GodotError.OK);
    await w.peers.settle();
    expect(w.peers.server.getAuthenticatingPeers()).toEqual([]);
    expect(w.peers.server.completeAuth(client.getUniqueId())).toBe(GodotError.ERR_INVALID_PARAMETER); // already completed by the callback
    await expect(result).resolves.toBe(client.getUniqueId());
  });

  it("rejects connect() when the server refuses the client's credentials", async () => {
    const w = await world({ auth: serverAuth });
    const failures: string[] = [];
    const client = w.sceneClient({ auth: () => undefined });
    client.on("peer_authentication_failed", (id, reason) => failures.push(`${id} ${reason}`));
    const result = client.connect().catch((e: unknown) => e);
    await w.peers.settle();
    client.sendAuth(1, "wrong");
    await w.peers.settle();
    const error = await result;
    expect(isWsmpError(error)).toBe(true);
    expect(failures).toEqual(["1 disconnected"]);
    expect(w.log).toContain(`auth_failed ${client.getUniqueId()} rejected`);
  });

  it("times out a server that never completes (a server without auth announces peers instead)", async () => {
    const peers = await createMemoryPeers({ dialect: createSceneServer(true) });
    await peers.connectClients(1, { dialect: createSceneClient(true) });
    const dropped: string[] = [];
    const client = peers.client({ dialect: createSceneClient({ auth: () => undefined }) });
    client.on("packet_dropped", (info) => dropped.push(info.code));
    const result = client.connect().catch((e: unknown) => e);
    await peers.settle();
    expect(dropped).toEqual(["WSMP_ERR_PROTOCOL"]); // the ADD_PEER of the other client, while the server is pending
    peers.clock.advance(3001);
    await peers.settle();
    const error = await result;
    expect(isWsmpError(error) && error.code).toBe("WSMP_ERR_AUTH_FAILED");
    expect(client.getCloseCode()).toBe(4002);
  });

  it("rejects connect() when the client's own callback refuses the server", async () => {
    const w = await world({ auth: serverAuth });
    w.peers.server.on("peer_authenticating", (id) => w.peers.server.sendAuth(id, "i am not your server"));
    const client = w.sceneClient({ auth: () => false });
    const result = client.connect().catch((e: unknown) => e);
    await w.peers.settle();
    const error = await result;
    expect(isWsmpError(error) && error.code).toBe("WSMP_ERR_AUTH_FAILED");
    expect(client.getCloseCode()).toBe(4001);
    expect(w.log.at(-1)).toBe(`auth_failed ${client.getUniqueId()} disconnected`);
  });

  it("a client the server rejects reports an authentication failure (4001), not a close before the id", async () => {
    const w = await world({ auth: () => false });
    const client = w.sceneClient({ auth: () => undefined });
    client.on("peer_authenticating", () => client.sendAuth(1, "wrong password"));
    const failures: { code: string; closeCode: number }[] = [];
    client.on("connection_failed", (f) => failures.push({ code: f.code, closeCode: f.closeCode }));
    const result = client.connect().catch((e: unknown) => e);
    await w.peers.settle();
    const error = await result;
    expect(isWsmpError(error) && error.code).toBe("WSMP_ERR_AUTH_FAILED");
    expect((error as Error).message).toMatch(/rejected our authentication \(4001 Authentication failed\)/);
    expect(failures).toEqual([{ code: "WSMP_ERR_AUTH_FAILED", closeCode: 4001 }]);
  });
});
