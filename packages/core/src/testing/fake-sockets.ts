import type { Payload } from "../shared/bytes.js";
import type { ClientLink, Connection, PendingSocket, ServerLink } from "../contract/connection.js";
import type { ServerDialectFactory, ClientDialectFactory } from "../engine/dialect-contract.js";
import { ClientEngine, type ClientEvent } from "../engine/client-engine.js";
import { type CloseInfo, ServerEngine, type ServerEvent } from "../engine/server-engine.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { ServerLimits } from "../shared/server-limits.js";
import { createGodot4Client, createGodot4Server } from "../dialects/godot4-dialect.js";
import { createSeededRandom } from "./seeded-random.js";

/**
 * The core's engine tests: engines driven directly through their links, with sockets that only
 * record what the engine asked of them (nothing is delivered anywhere). Not part of the
 * published test kit.
 */
export interface FakeConnection extends Connection {
  readonly sent: Payload[];
  readonly closes: (readonly [number, string])[];
  terminated: number;
  pings: number;
  bufferedAmount: number;
  bufferedMessages: number | undefined;
}

export function fakeConnection(protocol = "", ping = true): FakeConnection {
  const connection: FakeConnection = {
    specVersion: 1,
    sent: [],
    closes: [],
    terminated: 0,
    pings: 0,
    bufferedAmount: 0,
    bufferedMessages: undefined,
    send: (data) => void connection.sent.push(data),
    close: (code, reason) => void connection.closes.push([code, reason]),
    terminate: () => void connection.terminated++,
    remoteAddress: "127.0.0.1",
    remotePort: 1234,
    protocol,
  };
  if (ping) connection.ping = () => void connection.pings++;
  return connection;
}

export interface FakeServerSocket {
  readonly link: ServerLink;
  readonly pending: PendingSocket & { aborted: number };
  /** Opens the WebSocket (after the upgrade) with a fresh recording connection. */
  open(protocol?: string): FakeConnection;
}

export interface EngineServer {
  readonly engine: ServerEngine;
  readonly events: ServerEvent[];
  /** The virtual time the engine reads; set it, then call `engine.tick()`. */
  now: number;
  /** Every deadline the engine asked to be woken at. */
  readonly wakes: number[];
  accept(address?: string): FakeServerSocket;
  /** Accepts and opens `count` sockets; their events are cleared. */
  peers(count: number): FakeServerSocket[];
  /** The events of these types, in order. */
  of<T extends ServerEvent["type"]>(type: T): Extract<ServerEvent, { type: T }>[];
}

export function engineServer(config: { options?: Partial<PeerOptions>; limits?: Partial<ServerLimits>; dialect?: ServerDialectFactory; start?: boolean } = {}): EngineServer {
  const events: ServerEvent[] = [];
  const wakes: number[] = [];
  const server: EngineServer = {
    now: 0,
    events,
    wakes,
    engine: undefined as unknown as ServerEngine,
    accept(address = "127.0.0.1") {
      const pending = { remoteAddress: address, remotePort: 4321, aborted: 0, abort: () => void pending.aborted++ };
      const link = server.engine.accept(pending, server.now);
      return {
        link,
        pending,
        open(protocol = "") {
          const connection = fakeConnection(protocol);
          link.open(connection);
          return connection;
        },
      };
    },
    peers(count) {
      const sockets = Array.from({ length: count }, () => server.accept());
      for (const socket of sockets) socket.open();
      events.length = 0;
      return sockets;
    },
    of: (type) => events.filter((event) => event.type === type) as never,
  };
  (server as { engine: ServerEngine }).engine = new ServerEngine({
    dialect: config.dialect ?? createGodot4Server,
    random: createSeededRandom(7),
    clock: () => server.now,
    emit: (event) => void events.push(event),
    wake: (deadline) => void wakes.push(deadline),
    ...(config.options ? { options: config.options } : {}),
    ...(config.limits ? { limits: config.limits } : {}),
  });
  if (config.start !== false) server.engine.started();
  return server;
}

export interface EngineClient {
  readonly engine: ClientEngine;
  readonly events: ClientEvent[];
  now: number;
  readonly wakes: number[];
  /** What the engine reported when the connection was over (`released`), each time. */
  readonly released: CloseInfo[];
  /** Times `abort` was called on the socket before it opened. */
  readonly aborted: number;
  readonly link: ClientLink;
  /** Opens the socket with a fresh recording connection. */
  open(protocol?: string): FakeConnection;
  /** The event types, in order. */
  types(): string[];
}

export function engineClient(config: { options?: Partial<PeerOptions>; dialect?: ClientDialectFactory; begin?: boolean } = {}): EngineClient {
  const events: ClientEvent[] = [];
  const wakes: number[] = [];
  const released: CloseInfo[] = [];
  let aborted = 0;
  const client = {
    now: 0,
    events,
    wakes,
    released,
    get aborted() {
      return aborted;
    },
    engine: undefined as unknown as ClientEngine,
    link: undefined as unknown as ClientLink,
    open(protocol = "") {
      const connection = fakeConnection(protocol);
      client.link.open(connection);
      return connection;
    },
    types: () => events.map((event) => event.type),
  };
  client.engine = new ClientEngine({
    dialect: config.dialect ?? createGodot4Client,
    clock: () => client.now,
    emit: (event) => void events.push(event),
    wake: (deadline) => void wakes.push(deadline),
    released: (info) => void released.push(info),
    ...(config.options ? { options: config.options } : {}),
  });
  if (config.begin !== false) client.link = client.engine.begin(() => void aborted++, client.now);
  return client;
}
