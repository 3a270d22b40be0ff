import { createWebSocketClient, createWebSocketServer, type WebSocketClient, type WebSocketServer } from "@wsmp/adapter-node";
import { afterEach, beforeAll, beforeEach } from "vitest";
import { killAllGodot, requireGodot3, resetGodotOutput } from "./godot.js";

/** Creates wsmp Godot 3 peers that the session's teardown closes. */
export interface Godot3Session {
  createServer(): WebSocketServer;
  createClient(): WebSocketClient;
}

/**
 * The hooks of a scenario file that runs Godot 3 next to wsmp peers: skip without Godot, a
 * fresh Godot output log per test, and after each test the wsmp clients disconnected, every
 * Godot process killed and the wsmp server stopped.
 */
export function useGodot3Session(): Godot3Session {
  let server: WebSocketServer | undefined;
  const clients: WebSocketClient[] = [];

  beforeAll(() => {
    requireGodot3();
  });

  beforeEach(() => resetGodotOutput());

  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnectFromHost();
    await killAllGodot();
    await server?.stop();
    server = undefined;
  });

  return {
    createServer() {
      server = createWebSocketServer();
      return server;
    },
    createClient() {
      const client = createWebSocketClient();
      clients.push(client);
      return client;
    },
  };
}
