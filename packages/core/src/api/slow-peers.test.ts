import { describe, expect, it } from "vitest";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode } from "../shared/errors.js";
import type { CloseInfo, ProtocolErrorInfo } from "../engine/server-engine-events.js";
import type { DropInfo } from "../engine/dialect-contract.js";
import { createMemoryPeers } from "../testing/index.js";
import { connected, harness, type Harness } from "../testing/server-harness.js";

/** A server with a 100-byte outbound buffer and `slowPeer: "close"` after `timeout` s, one connected peer whose network is stalled. */
async function stalledPeer(timeout: number): Promise<{ h: Harness; id: number; errors: ProtocolErrorInfo[]; left: CloseInfo[] }> {
  const h = await harness({ options: { outboundBufferSize: 100 }, limits: { slowPeer: "close", slowPeerTimeout: timeout } });
  const [slow] = await connected(h, 1);
  const id = slow!.getUniqueId();
  const errors: ProtocolErrorInfo[] = [];
  const left: CloseInfo[] = [];
  h.server.on("protocol_error", (e) => errors.push(e));
  h.server.on("peer_disconnected", (_id, info) => left.push(info));
  h.network.flowing = false;
  h.server.send(id, new Uint8Array(100)); // the buffer is full now
  return { h, id, errors, left };
}

describe("slow peers", () => {
  it("close-on-relay (default): a relayed packet that does not fit closes the receiver with 4004; the server's own sends only drop", async () => {
    const h = await createMemoryPeers({ dialect: "godot3", options: { outboundBufferSize: 100 } });
    const [sender, slow] = await h.connectClients(2, { dialect: "godot3" });
    const slowId = slow!.getUniqueId();
    h.network.flowing = false;
    sender!.targetPeer = slowId;
    sender!.putPacket(new Uint8Array(40)); // waits on the wire, to be relayed once it arrives
    h.server.targetPeer = slowId;
    h.server.putPacket(new Uint8Array(80)); // 89 bytes with the header: the slow peer's buffer is nearly full
    const drops: DropInfo[] = [];
    h.server.on("packet_dropped", (d) => drops.push(d));
    h.server.putPacket(new Uint8Array(80)); // the server's own send does not fit: dropped and reported, the peer stays
    expect(drops.map((d) => [d.peer, d.code])).toEqual([[slowId, ErrorCode.OUTBOUND_FULL]]);
    expect(h.server.hasPeer(slowId)).toBe(true);
    h.network.flowing = true;
    await h.settle(); // the relayed packet does not fit either: the receiver is closed rather than left with a gap
    const info = await slow!.whenClosed;
    expect(info.code).toBe(CloseCode.SLOW_CONSUMER);
  });

  it('"close" with slowPeerTimeout: kept while it stays full for less than the timeout, closed at it', async () => {
    const h = await harness({ options: { outboundBufferSize: 100 }, limits: { slowPeer: "close", slowPeerTimeout: 2 } });
    const [slow] = await connected(h, 1);
    const id = slow!.getUniqueId();
    h.network.flowing = false;
    h.server.send(id, new Uint8Array(100));
    expect(() => h.server.send(id, new Uint8Array(1))).toThrow(); // full: dropped, clock starts
    h.clock.advance(1999);
    expect(() => h.server.send(id, new Uint8Array(1))).toThrow();
    expect(h.server.hasPeer(id)).toBe(true);
    h.clock.advance(1);
    expect(() => h.server.send(id, new Uint8Array(1))).toThrow();
    expect(h.server.hasPeer(id)).toBe(false);
  });

  it('"close" on the clock: a peer whose buffer stays full while nothing more is sent is closed at slowPeerTimeout, not before', async () => {
    const { h, id, errors } = await stalledPeer(2);
    expect(() => h.server.send(id, new Uint8Array(1))).toThrow(); // refused once: the clock starts; nothing is sent after this
    h.clock.advance(1999);
    expect(h.server.hasPeer(id)).toBe(true); // one millisecond before the limit
    expect(errors).toEqual([]);
    h.clock.advance(1); // at the limit: the engine's own deadline fires, no send needed
    expect(h.server.hasPeer(id)).toBe(false);
    expect(errors.map((e) => [e.peer, e.code, e.closeCode])).toEqual([[id, ErrorCode.OUTBOUND_FULL, CloseCode.SLOW_CONSUMER]]);
  });

  it('"close" on the clock: a buffer that drained before the deadline clears the clock; a later refusal starts a new one', async () => {
    const { h, id, errors } = await stalledPeer(2);
    expect(() => h.server.send(id, new Uint8Array(50))).toThrow();
    h.clock.advance(1000);
    h.network.flowing = true;
    await h.settle(); // the peer read everything: the refused 50 bytes would fit now
    h.network.flowing = false;
    h.clock.advance(5000); // well past the first deadline
    expect(h.server.hasPeer(id)).toBe(true);
    expect(errors).toEqual([]);
    h.server.send(id, new Uint8Array(100));
    expect(() => h.server.send(id, new Uint8Array(1))).toThrow(); // full again: a new clock from now
    h.clock.advance(1999);
    expect(h.server.hasPeer(id)).toBe(true);
    h.clock.advance(1);
    expect(h.server.hasPeer(id)).toBe(false);
  });

  it('"close" on the clock: the peer closed at the deadline gets 4004 and peer_disconnected reports it once the close handshake ends', async () => {
    const { h, id, errors, left } = await stalledPeer(1);
    expect(() => h.server.send(id, new Uint8Array(30))).toThrow();
    h.clock.advance(1000);
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.OUTBOUND_FULL]);
    h.network.flowing = true;
    await h.settle();
    expect(left.map((i) => [i.code, i.byServer, i.wasClean])).toEqual([[CloseCode.SLOW_CONSUMER, true, true]]);
  });
});
