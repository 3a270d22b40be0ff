import type { Socket } from "node:net";
import type { Capabilities, ClientHandle, ClientStartOptions, Harness, ServerHandle, ServerStartOptions } from "./harness.js";
import { check, makeTestCertificate, openRawSocket, type TestCertificate, Watcher } from "./support.js";

export interface TestServer {
  readonly handle: ServerHandle;
  readonly events: Watcher;
  readonly port: number;
  /** ws:// (or wss:// when started with TLS) URL of this server on 127.0.0.1. */
  readonly url: string;
}

export interface TestClient {
  readonly handle: ClientHandle;
  readonly events: Watcher;
  /** The id the server gave; 0 until connected. */
  readonly id: number;
}

/** What a scenario gets: peers from the two harnesses under test, and test-process helpers. */
export interface ScenarioContext {
  readonly server: Harness;
  readonly client: Harness;
  startServer(options?: ServerStartOptions): Promise<TestServer>;
  /** Starts a client towards `server` without waiting for the outcome. */
  startClient(server: TestServer, options?: ClientStartOptions): Promise<TestClient>;
  /** Starts `count` clients and asserts that each connected. */
  connectClients(server: TestServer, count: number, options?: ClientStartOptions): Promise<TestClient[]>;
  /** A raw TCP socket to `port`, destroyed after the scenario. */
  rawSocket(port: number): Promise<Socket>;
  /** A self-signed certificate for localhost / 127.0.0.1 (made once per run). */
  certificate(): Promise<TestCertificate>;
}

export type CapabilityName = Exclude<keyof Capabilities, "listen" | "connect">;

export interface Scenario {
  /** Stable name: used as the test title and in result files. */
  readonly name: string;
  /** Capabilities the server harness and the client harness must both have. */
  readonly needs?: { readonly server?: readonly CapabilityName[]; readonly client?: readonly CapabilityName[] };
  run(ctx: ScenarioContext): Promise<void>;
}

export function isApplicable(scenario: Scenario, server: Harness, client: Harness): boolean {
  if (!server.capabilities.listen || !client.capabilities.connect) return false;
  const has = (caps: Capabilities, name: CapabilityName): boolean => caps[name] !== false;
  return (scenario.needs?.server ?? []).every((n) => has(server.capabilities, n)) && (scenario.needs?.client ?? []).every((n) => has(client.capabilities, n));
}

/** Context of one run; `cleanup` is called after every scenario. */
export function createContext(server: Harness, client: Harness): ScenarioContext & { cleanup(): void } {
  const sockets = new Set<Socket>();
  let cert: Promise<TestCertificate> | undefined;
  const ctx: ScenarioContext & { cleanup(): void } = {
    server,
    client,
    async startServer(options = {}) {
      const handle = await server.startServer(options);
      const scheme = options.tls ? "wss" : "ws";
      return { handle, events: new Watcher(handle, `${server.name} server`), port: handle.port, url: `${scheme}://127.0.0.1:${handle.port}/` };
    },
    async startClient(target, options = {}) {
      const handle = await client.startClient(target.url, options);
      const result: { handle: ClientHandle; events: Watcher; id: number } = { handle, events: new Watcher(handle, `${client.name} client`), id: 0 };
      void handle.connect().then((outcome) => {
        if (outcome.ok) result.id = outcome.id;
      });
      return result;
    },
    async connectClients(target, count, options = {}) {
      const clients = await Promise.all(Array.from({ length: count }, () => ctx.startClient(target, options)));
      for (const c of clients) {
        const outcome = await c.handle.connect();
        check(outcome.ok, `${client.name} client could not connect to ${target.url}: ${outcome.code} ${outcome.message}`);
        (c as { id: number }).id = outcome.id;
      }
      return clients;
    },
    async rawSocket(port) {
      const socket = await openRawSocket(port);
      sockets.add(socket);
      return socket;
    },
    certificate() {
      cert ??= makeTestCertificate();
      return cert;
    },
    cleanup() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
  return ctx;
}
