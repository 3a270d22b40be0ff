import { describe, expect, it } from "vitest";
import { createMemoryPeers } from "../testing/index.js";
import { formatLogRecord, type LogRecord, logFormatFromEnv, logServerEvents, logSink } from "./event-log.js";
import type { Runtime } from "../contract/transport.js";

describe("traffic counters", () => {
  it("count every message and byte in and out, relayed ones included", async () => {
    const peers = await createMemoryPeers({ dialect: "godot3" });
    const [a, b] = await peers.connectClients(2, { dialect: "godot3" });
    const before = { ...peers.server.traffic };
    // godot3: each client got its id (9 bytes) and SYS_ADD messages.
    expect(before.messagesIn).toBe(0);
    expect(before.messagesOut).toBeGreaterThanOrEqual(3);
    a!.send(new Uint8Array(100), b!.getUniqueId()); // relayed by the server
    await peers.settle();
    const after = peers.server.traffic;
    expect(after.messagesIn).toBe(1);
    expect(after.bytesIn).toBe(109); // 9-byte header + payload
    expect(after.messagesOut - before.messagesOut).toBe(1);
    expect(after.bytesOut - before.bytesOut).toBe(109);
  });
});

describe("PeerHandle queue depth", () => {
  it("reports each peer's queued packets and bytes until the application reads them", async () => {
    const peers = await createMemoryPeers();
    const [a, b] = await peers.connectClients(2);
    a!.send(new Uint8Array(10));
    a!.send(new Uint8Array(5));
    b!.send("héllo");
    await peers.settle();
    const ha = peers.server.getPeer(a!.getUniqueId())!;
    const hb = peers.server.getPeer(b!.getUniqueId())!;
    expect([ha.queuedPackets, ha.queuedBytes, hb.queuedPackets, hb.queuedBytes]).toEqual([2, 15, 1, 6]);
    peers.server.getPacket();
    expect([ha.queuedPackets, ha.queuedBytes]).toEqual([1, 5]);
    expect(a!.getPeer(1)!.queuedPackets).toBe(0);
    peers.server.send(a!.getUniqueId(), new Uint8Array(3));
    await peers.settle();
    expect([a!.getPeer(1)!.queuedPackets, a!.getPeer(1)!.queuedBytes]).toEqual([1, 3]);
  });
});

describe("event log", () => {
  it("reads WSMP_LOG first, then DEBUG patterns", () => {
    expect(logFormatFromEnv({})).toBeUndefined();
    expect(logFormatFromEnv({ WSMP_LOG: "1" })).toBe("text");
    expect(logFormatFromEnv({ WSMP_LOG: "json" })).toBe("json");
    expect(logFormatFromEnv({ WSMP_LOG: "off", DEBUG: "*" })).toBeUndefined();
    expect(logFormatFromEnv({ DEBUG: "express:*,wsmp" })).toBe("text");
    expect(logFormatFromEnv({ DEBUG: "wsmp:*" })).toBe("text");
    expect(logFormatFromEnv({ DEBUG: "*,-wsmp" })).toBeUndefined();
    expect(logFormatFromEnv({ DEBUG: "express" })).toBeUndefined();
  });

  it("formats one line of text or JSON", () => {
    const record: LogRecord = { event: "peer_disconnected", peer: 7, code: 1001, reason: "going away", clean: true, session: undefined };
    expect(formatLogRecord(record, "text", "T")).toBe('T wsmp peer_disconnected peer=7 code=1001 reason="going away" clean=true');
    expect(JSON.parse(formatLogRecord(record, "json"))).toEqual({ event: "peer_disconnected", peer: 7, code: 1001, reason: "going away", clean: true });
  });

  it("chooses the sink from the option, then the runtime's environment", () => {
    const lines: string[] = [];
    const runtime = { log: { env: () => ({ DEBUG: "wsmp" }), write: (line: string) => lines.push(line) } } as unknown as Runtime;
    logSink(undefined, runtime)!({ event: "x" });
    logSink("json", runtime)!({ event: "y" });
    expect(logSink(false, runtime)).toBeUndefined();
    expect(logSink(true, {} as Runtime)).toBeUndefined();
    expect(lines).toEqual(["wsmp x", '{"event":"y"}']);
  });

  it("logs joins, closes with code and reason, and throttles drops to one line a second per peer", async () => {
    const peers = await createMemoryPeers({ options: { maxQueuedPackets: 1 } });
    const records: LogRecord[] = [];
    const stop = logServerEvents(peers.server, (r) => records.push(r), () => peers.clock.now());
    const [a] = await peers.connectClients(1);
    const id = a!.getUniqueId();
    for (let i = 0; i < 4; i++) a!.send(new Uint8Array([i]));
    await peers.settle();
    peers.clock.advance(1000);
    a!.send(new Uint8Array([9]));
    await peers.settle();
    peers.server.disconnectPeer(id, 4000, "bye");
    await peers.settle();
    stop();
    expect(records.map((r) => r.event)).toEqual(["peer_connected", "packet_dropped", "packet_dropped", "peer_disconnected"]);
    expect(records[0]).toMatchObject({ peer: id, address: expect.any(String) });
    expect(records[1]).toMatchObject({ peer: id, direction: "in", code: "WSMP_ERR_INBOUND_FULL", suppressed: undefined });
    expect(records[2]).toMatchObject({ suppressed: 2 });
    expect(records[3]).toMatchObject({ peer: id, code: 4000, reason: "bye", byServer: true });
  });
});
