import { describe, expect, it } from "vitest";
import { createClient, createServer, TLSOptions } from "../src/index.js";
import { makeCertificate, until } from "./helpers.js";

// In a file of its own, so no handle of another test is still closing when it starts.

/** Open sockets and listeners of this process, by kind. */
function sockets(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/TCP|TLS/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

describe("teardown", () => {
  it("leaves no socket or listener open once servers and clients are closed", async () => {
    const before = sockets();
    const cert = makeCertificate();
    const plain = createServer(0, "127.0.0.1");
    const secure = createServer(0, "127.0.0.1", TLSOptions.server(cert.key, cert.cert));
    const [a, b] = await Promise.all([plain.listen(), secure.listen()]);
    const c1 = createClient(`ws://127.0.0.1:${a.port}`);
    const c2 = createClient(`wss://127.0.0.1:${b.port}`, TLSOptions.clientUnsafe());
    const c3 = createClient(`ws://127.0.0.1:${a.port}`);
    await Promise.all([c1.connect(), c2.connect(), c3.connect()]);
    expect(sockets()["TCPSocketWrap"]).toBeGreaterThanOrEqual(6);
    await c3.close(); // one client leaves first, the others are closed by their servers
    await Promise.all([plain.close(), secure.close()]);
    await Promise.all([c1.whenClosed, c2.whenClosed]);
    await until(() => JSON.stringify(sockets()) === JSON.stringify(before), 3000, "sockets to be released");
    expect(sockets()).toEqual(before);
  });

  it("the port of a closed server can be bound again at once", async () => {
    const first = createServer(0, "127.0.0.1");
    const { port } = await first.listen();
    const c = createClient(`ws://127.0.0.1:${port}`);
    await c.connect();
    await first.close();
    const again = createServer(port, "127.0.0.1");
    expect((await again.listen()).port).toBe(port);
    await again.close();
    await c.whenClosed;
  });
});
