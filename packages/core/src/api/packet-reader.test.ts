import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../shared/bytes.js";
import type { Packet } from "../engine/inbound-queue.js";
import { checkPayload } from "./packet-reader.js";
import { InvalidArgumentError } from "../shared/errors.js";
import { createMemoryPeers } from "../testing/index.js";

const show = (p: Packet): string => `${p.from}:${typeof p.data === "string" ? p.data : toHex(p.data)}`;

describe("pull: getPacket / wasStringPacket / receive", () => {
  it("returns text as UTF-8 bytes and remembers whether the last packet was text", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const id = a!.getUniqueId();
    a!.send("h\u00e9");
    a!.send(fromHex("01 02"));
    a!.send("x");
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(3);
    expect(peers.server.wasStringPacket()).toBe(false);
    expect(peers.server.getPacketPeer()).toBe(id);
    expect(toHex(peers.server.getPacket()!)).toBe("68 C3 A9");
    expect(peers.server.wasStringPacket()).toBe(true);
    expect(toHex(peers.server.getPacket()!)).toBe("01 02");
    expect(peers.server.wasStringPacket()).toBe(false);
    expect(peers.server.receive()).toEqual({ from: id, data: "x", isText: true, via: id });
    expect(peers.server.wasStringPacket()).toBe(true);
    // An empty queue leaves the flag as it was.
    expect(peers.server.getPacket()).toBeUndefined();
    expect(peers.server.wasStringPacket()).toBe(true);
  });

  it("works the same on a client", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    peers.server.send(0, "hi");
    await peers.settle();
    expect(a!.getPacketPeer()).toBe(1);
    expect(toHex(a!.getPacket()!)).toBe("68 69");
    expect(a!.wasStringPacket()).toBe(true);
  });
});

describe("push: packet listeners", () => {
  it("drains packets queued before the listener was added, then each new one as it arrives", async () => {
    const peers = await createMemoryPeers();
    const [a, b] = await peers.connectClients(2);
    a!.send(fromHex("01"));
    b!.send(fromHex("02"));
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(2);
    const got: string[] = [];
    peers.server.on("packet", (p) => got.push(show(p)));
    expect(got).toEqual([`${a!.getUniqueId()}:01`, `${b!.getUniqueId()}:02`]);
    expect(peers.server.getAvailablePacketCount()).toBe(0);
    a!.send("later");
    await peers.settle();
    expect(got).toEqual([`${a!.getUniqueId()}:01`, `${b!.getUniqueId()}:02`, `${a!.getUniqueId()}:later`]);
    expect(peers.server.getAvailablePacketCount()).toBe(0);
  });

  it("once() takes exactly one packet; off() goes back to pulling", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    for (const n of ["01", "02", "03"]) a!.send(fromHex(n));
    await peers.settle();
    const got: string[] = [];
    peers.server.once("packet", (p) => got.push(show(p)));
    expect(got).toHaveLength(1);
    expect(peers.server.getAvailablePacketCount()).toBe(2);
    const listener = (p: Packet): void => void got.push(show(p));
    peers.server.on("packet", listener);
    expect(got).toHaveLength(3);
    peers.server.off("packet", listener);
    a!.send(fromHex("04"));
    await peers.settle();
    expect(got).toHaveLength(3);
    expect(peers.server.getAvailablePacketCount()).toBe(1);
  });

  it("drains a client's queue into its listener too", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    peers.server.send(0, fromHex("0A"));
    await peers.settle();
    const got: string[] = [];
    a!.on("packet", (p) => got.push(show(p)));
    peers.server.send(0, fromHex("0B"));
    await peers.settle();
    expect(got).toEqual(["1:0A", "1:0B"]);
  });
});

describe("for await", () => {
  it("iterates a server's packets, including those queued before, and ends when the server closes", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    a!.send(fromHex("01"));
    await peers.settle();
    const got: string[] = [];
    const loop = (async () => {
      for await (const p of peers.server) got.push(show(p));
      return "ended";
    })();
    a!.send(fromHex("02"));
    await peers.settle();
    expect(got).toEqual([`${a!.getUniqueId()}:01`, `${a!.getUniqueId()}:02`]);
    await peers.server.close();
    expect(await loop).toBe("ended");
    // A new iteration after close ends at once.
    const after = peers.server[Symbol.asyncIterator]();
    expect(await after.next()).toEqual({ value: undefined, done: true });
  });

  it("iterates a client's packets and ends when the connection closes", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const got: string[] = [];
    const loop = (async () => {
      for await (const p of a!) got.push(show(p));
      return "ended";
    })();
    peers.server.send(0, fromHex("01"));
    peers.server.send(0, fromHex("02"));
    peers.server.disconnectPeer(a!.getUniqueId());
    await peers.settle();
    expect(await loop).toBe("ended");
    expect(got).toEqual(["1:01", "1:02"]);
  });

  it("ends a client's iteration on close()", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const loop = (async () => {
      for await (const _ of a!) return "packet";
      return "ended";
    })();
    await Promise.resolve();
    const closing = a!.close();
    await peers.settle();
    await closing;
    expect(await loop).toBe("ended");
  });

  it("gives each waiting iterator its own packets", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const first = peers.server[Symbol.asyncIterator]();
    const second = peers.server[Symbol.asyncIterator]();
    const p1 = first.next();
    const p2 = second.next();
    a!.send(fromHex("01"));
    a!.send(fromHex("02"));
    await peers.settle();
    expect(show((await p1).value as Packet)).toMatch(/:01$/);
    expect(show((await p2).value as Packet)).toMatch(/:02$/);
    expect(await first.return!()).toEqual({ value: undefined, done: true });
  });
});

describe("iterator return()", () => {
  it("releases a pending next() so a later packet is not swallowed", async () => {
    const peers = await createMemoryPeers();
    const [a] = await peers.connectClients(1);
    const abandoned = peers.server[Symbol.asyncIterator]();
    const pending = abandoned.next();
    expect(await abandoned.return!()).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
    a!.send(fromHex("01"));
    await peers.settle();
    expect(peers.server.getAvailablePacketCount()).toBe(1);
    expect(await abandoned.next()).toEqual({ value: undefined, done: true });
  });
});

describe("checkPayload", () => {
  it("accepts strings, Uint8Array, ArrayBuffer and views (respecting the view's window)", () => {
    expect(checkPayload("x", "send")).toBe("x");
    const u8 = new Uint8Array([1, 2, 3]);
    expect(checkPayload(u8, "send")).toBe(u8);
    expect(checkPayload(u8.buffer, "send")).toEqual(u8);
    const view = new DataView(new Uint8Array([9, 1, 2, 9]).buffer, 1, 2);
    expect(checkPayload(view, "send")).toEqual(new Uint8Array([1, 2]));
    for (const bad of [42, null, undefined, {}, [1, 2]]) expect(() => checkPayload(bad, "send")).toThrow(InvalidArgumentError);
  });
});
