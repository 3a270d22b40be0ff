import { afterEach, describe, expect, it } from "vitest";
import { createServer, ErrorCode, GodotError, type WsmpError, isWsmpError } from "../src/index.js";
import { client, closeAll, listen, next, track, until } from "./helpers.js";

afterEach(closeAll);

async function bindFailure(promise: Promise<unknown>): Promise<WsmpError> {
  const error = await promise.then(
    () => new Error("listened unexpectedly"),
    (e: unknown) => e,
  );
  if (!isWsmpError(error)) throw error;
  return error;
}

describe("bindAddress", () => {
  it('"127.0.0.1" listens on IPv4 loopback', async () => {
    const l = await listen({}, undefined, "127.0.0.1");
    expect(l.server.boundAddress).toEqual({ port: l.port, address: "127.0.0.1" });
    const c = client(`ws://127.0.0.1:${l.port}`);
    const id = await c.connect();
    await until(() => l.server.hasPeer(id));
    expect(l.server.getPeerAddress(id)).toBe("127.0.0.1");
    expect(l.server.getPeerPort(id)).toBeGreaterThan(0);
  });

  it('"::1" listens on IPv6 loopback', async () => {
    const l = await listen({}, undefined, "::1");
    expect(l.server.boundAddress).toEqual({ port: l.port, address: "::1" });
    const c = client(`ws://[::1]:${l.port}`);
    const id = await c.connect();
    await until(() => l.server.hasPeer(id));
    expect(l.server.getPeerAddress(id)).toBe("::1");
    expect(c.getConnectedHost()).toBe("::1");
  });

  it('"*" accepts IPv4 and IPv6 clients and reports IPv4 peers without the ::ffff: prefix', async () => {
    const server = track(createServer(0));
    const { port, address } = await server.listen();
    expect(["::", "0.0.0.0"]).toContain(address);
    const v4 = client(`ws://127.0.0.1:${port}`);
    const v4id = await v4.connect();
    await until(() => server.hasPeer(v4id));
    expect(server.getPeerAddress(v4id)).toBe("127.0.0.1");
    if (address === "::") {
      const v6 = client(`ws://[::1]:${port}`);
      const v6id = await v6.connect();
      await until(() => server.hasPeer(v6id));
      expect(server.getPeerAddress(v6id)).toBe("::1");
    }
  });

  it("a port in use rejects listen() with WSMP_ERR_TRANSPORT and ERR_ALREADY_IN_USE, and emits error", async () => {
    const first = await listen();
    const second = track(createServer(first.port, "127.0.0.1"));
    const emitted = next<[unknown]>(second, "error");
    const error = await bindFailure(second.listen());
    expect(error.code).toBe(ErrorCode.TRANSPORT);
    expect(error.godotError).toBe(GodotError.ERR_ALREADY_IN_USE);
    expect((await emitted)[0]).toBe(error);
    expect(second.isListening()).toBe(false);
    await second.close(); // closing a server that never listened is fine
    expect(first.server.isListening()).toBe(true);
  });

  it("an address this host does not have rejects with ERR_INVALID_PARAMETER", async () => {
    const server = track(createServer(0, "192.0.2.1"));
    server.on("error", () => undefined);
    const error = await bindFailure(server.listen());
    expect(error.code).toBe(ErrorCode.TRANSPORT);
    expect(error.godotError).toBe(GodotError.ERR_INVALID_PARAMETER);
  });
});
