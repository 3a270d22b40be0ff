import { type HandshakeFailure, type WebSocketClient, WriteMode } from "@wsmp/adapter-node";
import { describe, expect, it, onTestFailed } from "vitest";
import { freePort, godotOutput, runGodot, until } from "./godot.js";
import { useGodot3Session } from "./godot3-session.js";

/**
 * Scenario 4: subprotocol negotiation and extra headers against the engine. What Godot 3.2.3
 * has: the client's `custom_headers` (4th argument of connect_to_url) and subprotocol lists on
 * both sides. It has no `set_extra_headers` on the server and no way to read headers, so wsmp's
 * extra response headers are checked only for not disturbing the Godot client.
 */

const session = useGodot3Session();

describe("subprotocols and headers with Godot 3 clients (wsmp server)", () => {
  it("agrees on the first offered protocol the server supports, refuses the rest, and receives custom headers", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const server = session.createServer();
    server.bindIp = "127.0.0.1";
    server.setExtraHeaders(["X-Wsmp-Test: yes"]);
    const connected: [number, string][] = [];
    const failures: HandshakeFailure[] = [];
    server.events.on("client_connected", (id, protocol) => connected.push([id, protocol]));
    server.events.on("handshake_failed", (info) => failures.push(info));
    expect(server.listen(0, ["alpha", "beta"])).toBe(0);
    const { port } = await server.ready();

    const godot = runGodot("s4_clients.gd", { port });
    const result = await godot.result;
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result["outcome"]).toEqual({ match: "established beta", mismatch: "connection_error", none: "connection_error" });

    expect(connected.map(([, protocol]) => protocol)).toEqual(["beta"]);
    const [id] = connected[0]!;
    expect(server.getPeer(id)!.headers["x-godot-test"]).toBe("hello");
    expect(server.getPeer(id)!.getSelectedProtocol()).toBe("beta");
    await until(() => failures.length === 2, 5000, "two refused handshakes");
    for (const failure of failures) expect(failure.code).toBe("WSMP_ERR_HANDSHAKE_REJECTED");
    expect(godot.engineErrors()).toEqual([]);
  });
});

describe("subprotocols and headers with a Godot 3 server (wsmp clients)", () => {
  it("gets the protocol the Godot server picks, and is refused on a mismatch or without a protocol", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const godot = runGodot("s4_server.gd", { port });
    await godot.waitFor("READY");
    const url = `ws://127.0.0.1:${port}`;

    const attempt = async (protocols: string[], headers: string[] = []): Promise<{ client: WebSocketClient; outcome: string }> => {
      const client = session.createClient();
      const outcome = new Promise<string>((resolve) => {
        client.events.on("connection_established", (protocol) => resolve(`established ${protocol}`));
        client.events.on("connection_error", () => resolve("connection_error"));
      });
      expect(client.connectToUrl(url, protocols, false, headers)).toBe(0);
      return { client, outcome: await outcome };
    };

    const beta = await attempt(["beta", "alpha"], ["X-Custom: 1"]);
    expect(beta.outcome).toBe("established beta");
    const alpha = await attempt(["zeta", "alpha", "beta"]);
    expect(alpha.outcome).toBe("established alpha");
    expect((await attempt(["zeta"])).outcome).toBe("connection_error");
    expect((await attempt([])).outcome).toBe("connection_error");
    expect(beta.client.getPeer(1)!.getSelectedProtocol()).toBe("beta");

    beta.client.getPeer(1)!.setWriteMode(WriteMode.TEXT);
    beta.client.getPeer(1)!.putPacket("report");
    const result = await godot.result;
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result["connected"]).toEqual(["beta", "alpha"]);
    expect(godot.engineErrors()).toEqual([]);
  });
});
