/**
 * The harness contract of the wsmp conformance suite, version 1.
 *
 * A harness starts servers and clients of one adapter and hands the suite *handles* on them.
 * Every handle operation is asynchronous and takes and returns plain JSON data only (numbers,
 * strings, booleans, arrays, plain objects; bytes as base64), so a handle may drive a peer in
 * the same process, in a child process over stdio, or in a browser page through a remote
 * protocol. Nothing here imports a runtime: this file is safe in any bundle.
 */

/** Bumped when the contract changes in a way an existing harness would not satisfy. */
export const HARNESS_SPEC_VERSION = 1;

/** One message payload on the wire. Text keeps its flag; binary travels as base64. */
export type WireData = { readonly kind: "text"; readonly text: string } | { readonly kind: "binary"; readonly base64: string };

/** One received packet. */
export interface WirePacket {
  /** The sender's peer id (1 on a client). */
  readonly from: number;
  /** True when the message arrived as a text frame. */
  readonly isText: boolean;
  /** Length of the whole payload in bytes (UTF-8 bytes for text). */
  readonly size: number;
  /** The payload, or only its first `head` bytes when `ReceiveOptions.head` was given. */
  readonly data: WireData;
}

/** The limits and handshake settings of a peer, as JSON. Omitted keys keep the adapter's defaults. */
export interface WirePeerOptions {
  readonly handshakeHeaders?: readonly string[];
  /** Seconds. */
  readonly handshakeTimeout?: number;
  readonly inboundBufferSize?: number;
  readonly maxQueuedPackets?: number;
  readonly outboundBufferSize?: number;
  readonly supportedProtocols?: readonly string[];
  readonly overflow?: "drop" | "close";
  /** Seconds; 0 (the default) turns the heartbeat off. */
  readonly heartbeatInterval?: number;
  readonly heartbeatTimeout?: number;
}

/** The server-only protections of docs/security.md, as JSON (the `admit` hook is `ServerStartOptions.admitToken`). */
export interface WireServerLimits {
  readonly maxPeers?: number;
  readonly maxPeersPerAddress?: number;
  readonly maxPendingHandshakes?: number;
  readonly allowedOrigins?: readonly string[];
  readonly maxInboundMessagesPerSecond?: number;
  readonly maxInboundBytesPerSecond?: number;
  readonly slowPeer?: "drop" | "close" | "close-on-relay";
  readonly slowPeerTimeout?: number;
}

/**
 * The wire protocol of a server or client: Godot 4's (default), Godot 3's multiplayer protocol
 * (9-byte header, relay between clients) or Godot 3's raw mode.
 */
export type WireDialect = "godot4" | "godot3" | "raw";

export interface ServerStartOptions {
  /** 0 (the default) asks for an ephemeral port. */
  readonly port?: number;
  /** Defaults to "127.0.0.1". */
  readonly bindAddress?: string;
  /** PEM key and certificate: the server listens with TLS (wss://). */
  readonly tls?: { readonly key: string; readonly certificate: string };
  readonly options?: WirePeerOptions;
  readonly limits?: WireServerLimits;
  /** An async `admit` hook that admits a request whose `x-token` header is this value and answers others with 401. */
  readonly admitToken?: string;
  /** Application faults to simulate: a listener that throws on each of these server events. */
  readonly throwIn?: readonly string[];
  /** Defaults to "godot4". */
  readonly dialect?: WireDialect;
  /**
   * Godot 4 SceneMultiplayer on top of "godot4", relaying between clients. The handle's `put` is
   * then `send_bytes` and `receive` takes what `peer_packet` delivered.
   */
  readonly scene?: boolean;
}

export interface ClientStartOptions {
  /** Client TLS settings for wss:// URLs: a PEM CA to trust, or `unsafe` to skip checks. */
  readonly tls?: { readonly trustedCa?: string; readonly commonNameOverride?: string; readonly unsafe?: boolean };
  readonly options?: WirePeerOptions;
  /** Must match the server's. */
  readonly dialect?: WireDialect;
  /** A client of a SceneMultiplayer server: `put` is `send_bytes`, `receive` takes `peer_packet`. */
  readonly scene?: boolean;
}

/** How a connection ended, as the events report it. */
export interface WireCloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
  readonly byServer: boolean;
}

/**
 * Everything a server or client reports, in the order it happened. Packets are not events:
 * they stay in the peer's queue until `receive` takes them, so queue limits stay observable.
 */
export type HarnessEvent =
  // server side
  | { readonly type: "peer_connected"; readonly id: number; readonly protocol?: string }
  | ({ readonly type: "peer_disconnected"; readonly id: number } & WireCloseInfo)
  | { readonly type: "client_close_request"; readonly id: number; readonly code: number; readonly reason: string }
  | { readonly type: "handshake_failed"; readonly code: string; readonly reason: string; readonly refusal?: string }
  // client side
  | { readonly type: "connected_to_server"; readonly id: number }
  | { readonly type: "connection_failed"; readonly code: string; readonly message: string; readonly closeCode: number }
  | ({ readonly type: "server_disconnected" } & WireCloseInfo)
  | { readonly type: "server_close_request"; readonly code: number; readonly reason: string }
  | ({ readonly type: "close" } & WireCloseInfo)
  // both
  | { readonly type: "packet_dropped"; readonly peer: number; readonly direction: "in" | "out"; readonly size: number; readonly code: string }
  | { readonly type: "protocol_error"; readonly peer: number; readonly code: string; readonly closeCode: number; readonly message: string }
  | { readonly type: "error"; readonly message: string };

export type HarnessEventType = HarnessEvent["type"];

export interface ReceiveOptions {
  /** Take at most this many packets (default: all queued). */
  readonly max?: number;
  /** When the queue is empty, wait up to this many ms for a first packet (default 0). */
  readonly waitMs?: number;
  /** Return only the first `head` bytes of each payload (`size` still gives the full length). */
  readonly head?: number;
}

/** A peer as the server sees it (`getPeer(id)` and friends). */
export interface WirePeerInfo {
  readonly id: number;
  readonly address: string;
  readonly port: number;
  readonly protocol: string;
  /** Request headers the client sent, lower-cased names, as far as the adapter reports them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Godot's WebSocketPeer.State: 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  readonly closeCode: number;
  readonly closeReason: string;
}

/** A running server. Every method is safe to call after `close()`. */
export interface ServerHandle {
  /** The bound port. */
  readonly port: number;
  /** Godot's `put_packet` with `target_peer = target`: 0 all, > 0 one peer, < 0 all but one. Returns Godot's Error value. */
  put(target: number, data: WireData): Promise<number>;
  /** Several `put` calls in one synchronous turn (so the outbound buffer cannot drain between them). */
  putMany(items: readonly { readonly target: number; readonly data: WireData }[]): Promise<number[]>;
  /** Takes packets from the server's inbound queue, oldest first. */
  receive(options?: ReceiveOptions): Promise<WirePacket[]>;
  /** Godot's `get_available_packet_count`. */
  availablePackets(): Promise<number>;
  /** Events from index `since` on; when there are none yet, waits up to `waitMs` for one. */
  events(since?: number, waitMs?: number): Promise<HarnessEvent[]>;
  /** Connected peer ids, in join order. */
  peers(): Promise<number[]>;
  /** A peer's details, or null when the server does not know the id. */
  peer(id: number): Promise<WirePeerInfo | null>;
  /** Godot 4's `disconnect_peer(id, force)`, or Godot 3's with a close code and reason. */
  disconnectPeer(id: number, how?: { readonly force?: boolean; readonly code?: number; readonly reason?: string }): Promise<boolean>;
  setRefuseNewConnections(refuse: boolean): Promise<void>;
  /** Connections refused before they became peers (`MultiplayerServer.refusals`). */
  refusals(): Promise<{ readonly total: number; readonly byReason: Readonly<Record<string, number>> }>;
  /** Godot's `close()`: resolves once every socket is closed and the port is released. */
  close(): Promise<void>;
}

export interface ConnectOutcome {
  readonly ok: boolean;
  /** The id the server gave (0 when `ok` is false). */
  readonly id: number;
  /** The `WSMP_ERR_*` code of the failure. */
  readonly code?: string;
  readonly message?: string;
}

/** What a client knows about its connection. */
export interface WireClientState {
  /** Godot's ConnectionStatus: 0 disconnected, 1 connecting, 2 connected. */
  readonly status: number;
  readonly id: number;
  readonly closeCode: number;
  readonly closeReason: string;
  /** The negotiated subprotocol, "" when none. */
  readonly protocol: string;
  /** Response headers of the 101, lower-cased names; null when the runtime cannot see them. */
  readonly headers: Readonly<Record<string, string>> | null;
}

/** A running client. `startClient` starts connecting at once (Godot's `create_client`). */
export interface ClientHandle {
  /** Waits for the outcome of the connection attempt (resolves, never rejects). */
  connect(): Promise<ConnectOutcome>;
  /**
   * Godot's `put_packet` / `send_text`, after `target_peer = target` when a target is given (the
   * client's target stays as it is otherwise: 1, the server, unless set). Targets other than 1 go
   * through the server's relay: Godot 3's multiplayer protocol, or `send_bytes` on a scene client.
   * Returns Godot's Error value.
   */
  put(data: WireData, target?: number): Promise<number>;
  putMany(items: readonly WireData[], target?: number): Promise<number[]>;
  receive(options?: ReceiveOptions): Promise<WirePacket[]>;
  availablePackets(): Promise<number>;
  events(since?: number, waitMs?: number): Promise<HarnessEvent[]>;
  state(): Promise<WireClientState>;
  /** Closes with a close frame carrying `code` and `reason`. */
  disconnect(code?: number, reason?: string): Promise<void>;
  /** Drops the socket with no close frame, as a crashed process would. See `Capabilities.abruptClose`. */
  terminate(): Promise<void>;
  /** Godot's `close()`: resolves once the socket is closed. */
  close(): Promise<void>;
}

/** What a runtime can do. Scenarios that need a missing capability are not registered. */
export interface Capabilities {
  /** The harness can start servers. */
  readonly listen: boolean;
  /** The harness can start clients. */
  readonly connect: boolean;
  /** Servers listen on real TCP ports (raw-socket scenarios, port release checks). */
  readonly realSockets: boolean;
  /** The server sees a TCP connection before its HTTP request, so the handshake timeout also covers a client that sends nothing. */
  readonly acceptHook: boolean;
  /** Clients can send extra request headers (`handshakeHeaders`). */
  readonly customHeaders: boolean;
  /** Servers take a key and certificate; clients trust a given CA. */
  readonly tls: boolean;
  /** `ClientHandle.terminate` drops the socket without a close frame. */
  readonly abruptClose: boolean;
  /** The adapter reports messages waiting to be written, so `maxQueuedPackets` also bounds outbound messages. */
  readonly outboundMessageCount: boolean;
  /** Clients see the headers of the 101 response (`WireClientState.headers`); browsers cannot. Default true. */
  readonly responseHeaders?: boolean;
  /**
   * Clients can send protocol close codes such as 1009 in their close frame. A browser's
   * `WebSocket.close` only takes 1000 and 3000-4999, so its adapter sends a substitute. Default true.
   */
  readonly protocolCloseCodes?: boolean;
  /**
   * Servers and clients start with `dialect` and `scene` (Godot 3's relay, SceneMultiplayer's relay)
   * and clients `put` to other peers through the relay. Default true.
   */
  readonly relay?: boolean;
}

/**
 * One runtime's way to start peers. A scenario may use servers of one harness and clients of
 * another (e.g. a Node server and Bun clients).
 */
export interface Harness {
  readonly specVersion: typeof HARNESS_SPEC_VERSION;
  /** Short name used in test titles and result files, e.g. "node", "bun", "chromium". */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Called once before the first scenario (spawn a process, open a browser...). */
  setup?(): Promise<void>;
  startServer(options?: ServerStartOptions): Promise<ServerHandle>;
  startClient(url: string, options?: ClientStartOptions): Promise<ClientHandle>;
  /** Called after every scenario: closes every server and client started since the last call. Idempotent. */
  teardown(): Promise<void>;
  /**
   * Sockets and servers this harness still holds open, when it can tell (leak check after
   * `teardown`). Return -1 when unknown.
   */
  openHandles?(): Promise<number>;
  /** Called once after the last scenario: ends the process, browser... Idempotent. */
  dispose?(): Promise<void>;
}

/** The parts of a test runner the suite uses; vitest, bun:test, jest and mocha all fit. */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
  beforeAll(fn: () => Promise<void> | void, timeoutMs?: number): void;
  afterAll(fn: () => Promise<void> | void, timeoutMs?: number): void;
  afterEach(fn: () => Promise<void> | void, timeoutMs?: number): void;
}

/** The outcome of one scenario, for result files and the README matrix. */
export interface ScenarioResult {
  readonly scenario: string;
  /** "n/a": not run because a harness lacks a capability the scenario needs. */
  readonly status: "pass" | "fail" | "n/a";
  readonly durationMs: number;
  readonly error?: string;
}

export interface ConformanceSetup {
  /** Harness whose servers are tested. */
  readonly server: Harness;
  /** Harness whose clients are tested (may be the same object as `server`). */
  readonly client: Harness;
  /** The scenarios to choose from (default `SCENARIOS`; `HARDENING_SCENARIOS` for the attack suite). */
  readonly scenarios?: readonly import("./context.js").Scenario[];
  /** Scenario names (or prefixes) to run; default all that the capabilities allow. */
  readonly only?: readonly string[];
  /** Per-scenario timeout in ms (default 20 000). */
  readonly timeoutMs?: number;
  /** Receives each scenario's outcome (for result files). */
  readonly report?: (result: ScenarioResult) => void;
}
