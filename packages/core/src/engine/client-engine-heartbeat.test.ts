import { describe, expect, it } from "vitest";
import { i32Bytes } from "../shared/bytes.js";
import { ErrorCode } from "../shared/errors.js";
import { engineClient } from "../testing/fake-sockets.js";

/** The client's heartbeat (opt-in), on the engine's clock. */

const ID = i32Bytes(77);

describe("client engine: heartbeat", () => {
  it("pings a silent server after heartbeatInterval and closes with 4003 heartbeatTimeout later", () => {
    const c = engineClient({ options: { heartbeatInterval: 2, heartbeatTimeout: 1 } });
    c.now = 100;
    const connection = c.open();
    c.link.message(ID);
    expect(c.engine.nextDeadline()).toBe(2100);
    // The id was a sign of life: the first step only waits another interval.
    c.engine.tick(2100);
    expect(connection.pings).toBe(0);
    expect(c.engine.nextDeadline()).toBe(4100);
    c.engine.tick(4099);
    expect(connection.pings).toBe(0);
    c.engine.tick(4100);
    expect(connection.pings).toBe(1);
    expect(c.engine.nextDeadline()).toBe(5100);
    c.events.length = 0;
    c.engine.tick(5099);
    expect(c.events).toEqual([]);
    c.engine.tick(5100);
    expect(c.events[0]).toEqual({ type: "protocol_error", info: { peer: 1, code: ErrorCode.HEARTBEAT_TIMEOUT, message: "no pong from the server within heartbeatTimeout (1 s)", closeCode: 4003 } });
    expect(connection.closes).toEqual([[4003, "Heartbeat timeout"]]);
  });

  it("a pong or a message keeps the connection; heartbeat 0 stops it; a socket without ping has none", () => {
    const c = engineClient({ options: { heartbeatInterval: 1, heartbeatTimeout: 1 } });
    const connection = c.open();
    c.link.message(ID);
    c.engine.tick(1000);
    c.engine.tick(2000);
    expect(connection.pings).toBe(1);
    c.link.pong();
    c.engine.tick(3000);
    expect(connection.pings).toBe(1);
    c.engine.tick(4000);
    expect(connection.pings).toBe(2);
    c.link.message(new Uint8Array([1]));
    c.engine.tick(5000);
    expect(connection.pings).toBe(2);
    c.engine.setOption("heartbeatInterval", 0);
    c.engine.tick(6000);
    expect(c.engine.nextDeadline()).toBeUndefined();
    expect(c.types()).not.toContain("protocol_error");
    const quiet = engineClient({ options: { heartbeatInterval: 1 } });
    quiet.link.open({ ...connection, ping: undefined });
    expect(quiet.engine.nextDeadline()).toBe(3000);
    const off = engineClient();
    off.open();
    expect(off.engine.nextDeadline()).toBe(3000);
    off.link.pong();
  });

  it("no heartbeat step runs once the client is closing", () => {
    const c = engineClient({ options: { heartbeatInterval: 1, heartbeatTimeout: 1 } });
    const connection = c.open();
    c.link.message(ID);
    c.engine.disconnect();
    c.engine.tick(1000);
    c.engine.tick(2000);
    expect(connection.pings).toBe(0);
    expect(c.engine.nextDeadline()).toBe(3000);
  });

  it("runs while the client waits for its id", () => {
    const c = engineClient({ options: { heartbeatInterval: 1, heartbeatTimeout: 1, handshakeTimeout: 10 } });
    const connection = c.open();
    c.engine.tick(1000);
    expect(connection.pings).toBe(1);
    c.engine.tick(2000);
    expect(c.events.map((e) => e.type)).toEqual(["protocol_error", "connection_failed"]);
    expect(connection.closes).toEqual([[4003, "Heartbeat timeout"]]);
  });
});
