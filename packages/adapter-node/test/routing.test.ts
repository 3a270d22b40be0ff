import { afterEach, describe, expect, it } from "vitest";
import { type CloseInfo, GodotError, type Packet } from "../src/index.js";
import { WebSocket } from "ws";
import { closeAll, clients, listen, next, track, until } from "./helpers.js";

afterEach(closeAll);

const text = (p: Packet): string => (typeof p.data === "string" ? p.data : Buffer.from(p.data).toString("hex"));

describe("a server and three clients over loopback", () => {
  it("routes broadcast, one peer and all-but-one with send / on('packet')", async () => {
    const l = await listen();
    const [a, b, c] = await clients(l, 3);
    const got = new Map<number, string[]>();
    for (const cl of [a!, b!, c!]) {
      const list: string[] = [];
      got.set(cl.getUniqueId(), list);
      cl.on("packet", (p) => list.push(`${p.from}:${text(p)}`));
    }
    l.server.send(0, "all");
    l.server.send(b!.getUniqueId(), new Uint8Array([2, 2]));
    l.server.send(-c!.getUniqueId(), "not-c");
    await until(() => [...got.values()].reduce((n, list) => n + list.length, 0) === 6);
    expect(got.get(a!.getUniqueId())).toEqual(["1:all", "1:not-c"]);
    expect(got.get(b!.getUniqueId())).toEqual(["1:all", "1:0202", "1:not-c"]);
    expect(got.get(c!.getUniqueId())).toEqual(["1:all"]);

    const fromClients: string[] = [];
    l.server.on("packet", (p) => fromClients.push(`${p.from}:${text(p)}`));
    a!.send("hi from a");
    c!.send(new Uint8Array([0xc0, 0xff, 0xee]));
    await until(() => fromClients.length === 2);
    expect(fromClients.sort()).toEqual([`${a!.getUniqueId()}:hi from a`, `${c!.getUniqueId()}:c0ffee`].sort());
  });

  it("routes with putPacket / targetPeer / getPacket (the Godot face)", async () => {
    const l = await listen();
    const [a, b, c] = await clients(l, 3);
    l.server.targetPeer = 0;
    expect(l.server.putPacket(new Uint8Array([1]))).toBe(GodotError.OK);
    l.server.setTargetPeer(a!.getUniqueId());
    expect(l.server.putPacket(new Uint8Array([2]))).toBe(GodotError.OK);
    l.server.targetPeer = -a!.getUniqueId();
    expect(l.server.putPacket(new Uint8Array([3]))).toBe(GodotError.OK);
    l.server.targetPeer = 424242;
    expect(l.server.putPacket(new Uint8Array([4]))).toBe(GodotError.ERR_INVALID_PARAMETER);

    await until(() => a!.getAvailablePacketCount() === 2 && b!.getAvailablePacketCount() === 2 && c!.getAvailablePacketCount() === 2);
    const drain = (cl: typeof a): number[] => {
      const out: number[] = [];
      while (cl!.getAvailablePacketCount() > 0) {
        expect(cl!.getPacketPeer()).toBe(1);
        out.push(cl!.getPacket()![0]!);
      }
      return out;
    };
    expect(drain(a)).toEqual([1, 2]);
    expect(drain(b)).toEqual([1, 3]);
    expect(drain(c)).toEqual([1, 3]);

    expect(b!.putPacket(new Uint8Array([0xbb]))).toBe(GodotError.OK);
    expect(c!.putPacket("text from c")).toBe(GodotError.OK);
    await until(() => l.server.getAvailablePacketCount() === 2);
    const seen = new Map<number, { bytes: string; text: boolean }>();
    for (let i = 0; i < 2; i++) {
      const from = l.server.getPacketPeer();
      const bytes = Buffer.from(l.server.getPacket()!).toString("latin1");
      seen.set(from, { bytes, text: l.server.wasStringPacket() });
    }
    expect(seen.get(b!.getUniqueId())).toEqual({ bytes: "\xbb", text: false });
    expect(seen.get(c!.getUniqueId())).toEqual({ bytes: "text from c", text: true });
    expect(l.server.getAvailablePacketCount()).toBe(0);
  });

  it("a burst of broadcasts in one turn, with one-peer sends, a large packet and a close among them, arrives whole and in order", async () => {
    const l = await listen();
    const [a, b, c] = await clients(l, 3);
    const got = new Map<number, string[]>();
    for (const cl of [a!, b!, c!]) {
      const list: string[] = [];
      got.set(cl.getUniqueId(), list);
      cl.on("packet", (p) => list.push(typeof p.data === "string" ? p.data : `bytes:${p.data.byteLength}`));
    }
    const cGone = next<[CloseInfo]>(c!, "server_disconnected");
    // More frames and bytes than a socket holds back (HOLD_FRAMES, HOLD_BYTES), all in one turn.
    const expected = { all: [] as string[], b: [] as string[] };
    for (let i = 0; i < 200; i++) {
      l.server.send(0, `all${i}`);
      expected.all.push(`all${i}`);
      if (i % 10 === 0) {
        l.server.send(b!.getUniqueId(), `b${i}`);
        expected.b.push(`all${i}`, `b${i}`);
      } else expected.b.push(`all${i}`);
      if (i === 100) {
        l.server.send(0, new Uint8Array(20_000));
        expected.all.push("bytes:20000");
        expected.b.push("bytes:20000");
      }
    }
    l.server.disconnectPeer(c!.getUniqueId());
    await until(() => got.get(a!.getUniqueId())!.length === expected.all.length && got.get(b!.getUniqueId())!.length === expected.b.length);
    expect(got.get(a!.getUniqueId())).toEqual(expected.all);
    expect(got.get(b!.getUniqueId())).toEqual(expected.b);
    // The close went out after everything c was sent before it.
    await cGone;
    expect(got.get(c!.getUniqueId())).toEqual(expected.all);
    // Sent in a later turn, after the burst: still in order.
    l.server.send(0, "after");
    await until(() => got.get(a!.getUniqueId())!.at(-1) === "after" && got.get(b!.getUniqueId())!.at(-1) === "after");
  });

  it("delivers binary packets as plain Uint8Arrays with exactly their bytes", async () => {
    const l = await listen();
    const [a] = await clients(l, 1);
    const packets: Packet[] = [];
    l.server.on("packet", (p) => packets.push(p));
    const payloads = [new Uint8Array([1]), new Uint8Array(1000).fill(7), new Uint8Array([9, 8, 7])];
    for (const p of payloads) a!.send(p);
    await until(() => packets.length === 3);
    packets.forEach((p, i) => {
      expect(p.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(p.data)).toBe(false);
      const data = p.data as Uint8Array;
      expect([...data]).toEqual([...payloads[i]!]);
      // Shared with the read chunk only when that chunk is not much bigger than the message.
      expect(data.buffer.byteLength - data.byteLength).toBeLessThanOrEqual(Math.max(64, data.byteLength));
    });
  });

  it("sends strings as text frames and bytes as binary frames", async () => {
    const l = await listen();
    const raw = new WebSocket(l.url, { perMessageDeflate: false });
    track({ close: () => raw.terminate() });
    const frames: { text: boolean; data: string }[] = [];
    raw.on("message", (data, isBinary) => frames.push({ text: !isBinary, data: (data as Buffer).toString(isBinary ? "hex" : "utf8") }));
    await until(() => frames.length === 1); // the 4-byte id, binary
    const id = Buffer.from(frames[0]!.data, "hex").readInt32LE(0);
    await until(() => l.server.hasPeer(id));
    l.server.send(id, "héllo");
    l.server.send(id, new Uint8Array([0xde, 0xad]));
    await until(() => frames.length === 3);
    expect(frames).toEqual([
      { text: false, data: frames[0]!.data },
      { text: true, data: "héllo" },
      { text: false, data: "dead" },
    ]);
    const got = next<[Packet]>(l.server, "packet");
    raw.send("from raw");
    expect((await got)[0]).toMatchObject({ from: id, data: "from raw", isText: true });
  });
});
