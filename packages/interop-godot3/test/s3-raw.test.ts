import { type WebSocketClient, WriteMode } from "@wsmp/adapter-node";

const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
import { describe, expect, it, onTestFailed } from "vitest";
import { freePort, godotOutput, runGodot, until } from "./godot.js";
import { useGodot3Session } from "./godot3-session.js";

/**
 * Scenario 3: Godot 3's raw mode (gd_mp_api = false) both ways. Text and binary messages stay
 * apart, data_received fires per message, close codes and reasons travel both ways
 * (client_close_request / server_close_request), and disconnectPeer carries its code.
 */

const session = useGodot3Session();

/** A raw wsmp client that logs its signals and reads every message as "text ..." / "binary HEX". */
function rawClient(): { client: WebSocketClient; log: string[] } {
  const client = session.createClient();
  const log: string[] = [];
  client.events.on("connection_established", (protocol) => log.push(`established '${protocol}'`));
  client.events.on("connection_error", () => log.push("connection_error"));
  client.events.on("connection_closed", (clean) => log.push(`closed ${clean}`));
  client.events.on("server_close_request", (code, reason) => log.push(`close_request ${code} ${reason}`));
  client.events.on("data_received", () => {
    const peer = client.getPeer(1)!;
    const packet = peer.getPacket()!;
    log.push(peer.wasStringPacket() ? `text ${new TextDecoder().decode(packet)}` : `binary ${toHex(packet)}`);
  });
  return { client, log };
}

describe("raw mode with a Godot 3 server (listen(port))", () => {
  it("keeps text and binary apart and carries close codes both ways", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const port = await freePort();
    const godot = runGodot("s3_raw_server.gd", { port });
    await godot.waitFor("READY");
    const url = `ws://127.0.0.1:${port}`;

    const first = rawClient();
    expect(first.client.connectToUrl(url)).toBe(0);
    await first.client.ready();
    const peer = first.client.getPeer(1)!;
    peer.setWriteMode(WriteMode.TEXT);
    expect(peer.putPacket("hello")).toBe(0);
    peer.setWriteMode(WriteMode.BINARY);
    expect(peer.putPacket(new Uint8Array([1, 2, 3]))).toBe(0);
    // The multiplayer packet API is off in raw mode, as in Godot 3.
    expect(first.client.putPacket(new Uint8Array([9]))).toBe(3);
    await until(() => first.log.length === 3, 5000, "two echoes");
    first.client.disconnectFromHost(4001, "client-bye");
    await until(() => first.log.length === 4, 5000, "the first client to close");

    const second = rawClient();
    second.client.connectToUrl(url);
    await second.client.ready();
    second.client.getPeer(1)!.setWriteMode(WriteMode.TEXT);
    second.client.getPeer(1)!.putPacket("kick-me");
    await until(() => second.log.length === 3, 5000, "the server to close the second client");

    expect(first.log).toEqual(["established ''", "text echo:hello", "binary 03 02 01", "closed true"]);
    // Godot 3 sends its close reason with a trailing NUL; wsmp reports it without.
    expect(second.log).toEqual(["established ''", "close_request 4002 server-bye", "closed true"]);
    expect(second.client.getPeer(1)!.getCloseCode()).toBe(4002);
    expect(second.client.getPeer(1)!.getCloseReason()).toBe("server-bye");

    const result = await godot.result;
    expect(result.errors).toEqual([]);
    const [firstId, secondId] = result["connected"] as [number, number];
    expect(result["received"]).toEqual([`${firstId} text hello`, `${firstId} binary 010203`, `${secondId} text kick-me`]);
    expect(result["close_requests"]).toEqual([[firstId, 4001, "client-bye"]]);
    // Godot 3.2 ignores the close reply to a close it started (Godot 3.2.3 against itself does the same),
    // so the peer it kicked is reported with was_clean_close = false.
    expect(result["disconnected"]).toEqual([
      [firstId, true],
      [secondId, false],
    ]);
    expect(result.ok).toBe(true);
    expect(godot.engineErrors()).toEqual([]);
  });
});

describe("raw mode with Godot 3 clients (connect_to_url(url))", () => {
  it("keeps text and binary apart, fires data_received and carries close codes both ways", async () => {
    onTestFailed(() => console.error(godotOutput()));
    const server = session.createServer();
    server.bindIp = "127.0.0.1";
    const events: string[] = [];
    const byLabel = new Map<string, number>();
    server.events.on("client_connected", (id, protocol) => events.push(`connected ${id} '${protocol}'`));
    server.events.on("client_disconnected", (id, clean) => events.push(`disconnected ${id} ${clean}`));
    server.events.on("client_close_request", (id, code, reason) => events.push(`close_request ${id} ${code} ${reason}`));
    server.events.on("peer_connected", (id) => events.push(`unexpected peer_connected ${id}`));
    server.events.on("data_received", (id) => {
      const peer = server!.getPeer(id)!;
      const packet = peer.getPacket()!;
      if (peer.wasStringPacket()) {
        const text = new TextDecoder().decode(packet);
        events.push(`data ${id} text ${text}`);
        byLabel.set(text, id);
        peer.setWriteMode(WriteMode.TEXT);
        peer.putPacket(`echo:${text}`);
      } else {
        events.push(`data ${id} binary ${toHex(packet)}`);
        peer.setWriteMode(WriteMode.BINARY);
        peer.putPacket(packet.slice().reverse());
        // The binary message is the first client's last one: close it with a code after the echo.
        server!.disconnectPeer(id, 4003, "ts-bye");
      }
    });
    expect(server.listen(0)).toBe(0);
    const { port } = await server.ready();

    const godot = runGodot("s3_raw_clients.gd", { port });
    const result = await godot.result;
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result["first"]).toEqual(["established ''", "text echo:hello:first", "binary 030201", "close_request 4003 ts-bye", "closed True"]);
    expect(result["second"]).toEqual(["established ''", "text echo:hello:second", "closed False"]);

    const first = byLabel.get("hello:first")!;
    const second = byLabel.get("hello:second")!;
    await until(() => events.includes(`disconnected ${second} true`) && events.includes(`disconnected ${first} true`), 5000, "both clients to be gone");
    // Each client's events in order; the two clients overlap in time (the first one's close
    // handshake may finish after the second one connected).
    const of = (id: number): string[] => events.filter((e) => e.split(" ")[1] === String(id));
    expect(of(first)).toEqual([
      `connected ${first} ''`,
      `data ${first} text hello:first`,
      `data ${first} binary 01 02 03`,
      // As in Godot 3: reported once the close handshake the server started is over, clean.
      `disconnected ${first} true`,
    ]);
    expect(of(second)).toEqual([
      `connected ${second} ''`,
      `data ${second} text hello:second`,
      // Godot 3 sends "godot-bye\0"; wsmp strips the trailing NUL.
      `close_request ${second} 4004 godot-bye`,
      `disconnected ${second} true`,
    ]);
    expect(events).toHaveLength(8);
    expect(godot.engineErrors()).toEqual([]);
  });
});
