import type { ClientLink, PendingSocket, ServerLink } from "./connection.js";
import type { PeerOptions } from "../shared/peer-options.js";
import type { TlsClientOptions, TlsServerOptions } from "./tls-options.js";

export type { Pem, TlsClientOptions, TlsOptions, TlsServerOptions } from "./tls-options.js";

/**
 * A source of random 32-bit words, shaped like `crypto.getRandomValues` so an adapter can pass
 * `(a) => crypto.getRandomValues(a)` straight in. The core never picks a source by itself.
 */
export type RandomSource = (target: Uint32Array) => Uint32Array;

/** The clock, timer and randomness of a runtime. The core reads nothing else from its host. */
export interface Runtime {
  /** Milliseconds from an arbitrary origin, monotonic. */
  now(): number;
  /** Calls `fn` after `delayMs`. The timer must not keep the process alive. Returns a cancel function. */
  setTimer(delayMs: number, fn: () => void): () => void;
  random: RandomSource;
  /**
   * Where an error goes that nobody listens for: an application event listener threw and the
   * peer has no `error` listener (or the `error` listener threw too). Node, Bun and the browser
   * print it with `console.error`; without this hook the error is dropped. It must not throw.
   */
  reportError?(error: unknown): void;
  /**
   * Where a server's event log is written (the `log` option, docs/deploy.md#logs): Node and Bun
   * write lines to stderr and read `WSMP_LOG` / `DEBUG` from the environment. Without it only a
   * `log` function receives records.
   */
  log?: RuntimeLog;
}

/** A runtime's log output and the settings of its environment. */
export interface RuntimeLog {
  /** The variables that turn the log on when a server's `log` option is left out. */
  env(): { readonly WSMP_LOG?: string | undefined; readonly DEBUG?: string | undefined };
  /** Writes one line (no newline at its end). Must not throw. */
  write(line: string): void;
  /** The wall-clock time a line is stamped with, e.g. an ISO 8601 string. */
  time?(): string;
}

export interface ListenRequest {
  readonly port: number;
  /** "*" for every interface (IPv4 and IPv6), otherwise an IP literal or host name. */
  readonly bindAddress: string;
  readonly tls: TlsServerOptions | undefined;
  /** The live options; `inboundBufferSize` is the largest message the runtime should accept. */
  readonly options: Readonly<PeerOptions>;
  /**
   * Call once per accepted TCP connection, before its HTTP upgrade is read. `acceptedAt` (the
   * runtime clock's time of the accept) is for a caller that hands the connection on later, such
   * as a server of sessions, which learns the session only from the upgrade: the handshake clock
   * still starts at accept. Adapters leave it out (it is then now).
   */
  accept(socket: PendingSocket, acceptedAt?: number): ServerLink;
}

export interface ListenResult {
  readonly port: number;
  readonly address: string;
}

/**
 * What a server transport can do beyond the contract's minimum. The core and the conformance
 * suite read these from the transport instead of assuming them.
 */
export interface ServerCapabilities {
  /** The runtime reports each TCP connection before its HTTP request, so the handshake timeout covers a client that never sends one. */
  readonly acceptHook: boolean;
  /** A refused upgrade is dropped without an HTTP response, as Godot does; false: the runtime answers it with an HTTP error status. */
  readonly silentRefusal: boolean;
  /** Connections report `bufferedMessages`, so `maxQueuedPackets` also bounds outbound messages. */
  readonly outboundMessageCount: boolean;
  /** `listen` takes a key and certificate (wss://). */
  readonly tls: boolean;
  /** Connections can send pings and report pongs (`heartbeatInterval` needs it). */
  readonly ping: boolean;
  /** Connections carry a `fanOut` (one message to many sockets at once); absent means false. */
  readonly fanOut?: boolean | undefined;
}

/** What a client transport can do beyond the contract's minimum. */
export interface ClientCapabilities {
  /** Extra request headers (`handshakeHeaders`) are sent. */
  readonly customHeaders: boolean;
  /** `Connection.headers` holds the 101 response headers. */
  readonly responseHeaders: boolean;
  /** TLS options beyond the runtime's own checks: a trusted CA, a name override, unsafe mode. */
  readonly tlsOptions: boolean;
  /** `Connection.terminate` drops the socket without a close frame. */
  readonly abruptClose: boolean;
  /** Protocol close codes such as 1009 can be sent (a browser sends only 1000 and 3000-4999). */
  readonly protocolCloseCodes: boolean;
  /** Connections report `bufferedMessages`. */
  readonly outboundMessageCount: boolean;
  /** Connections can send pings and report pongs (`heartbeatInterval` needs it; every client answers pings anyway). */
  readonly ping: boolean;
}

/** What a server adapter implements. */
export interface ServerTransport {
  readonly specVersion: 1;
  readonly capabilities: ServerCapabilities;
  /** Binds the port. Rejects with a `WsmpError` (code WSMP_ERR_TRANSPORT) when binding fails. */
  listen(request: ListenRequest): Promise<ListenResult>;
  /** Stops accepting and releases the port. Resolves once every socket it opened is closed. */
  stop(): Promise<void>;
}

export interface ConnectRequest {
  readonly url: string;
  readonly tls: TlsClientOptions | undefined;
  readonly protocols: readonly string[];
  /** Extra request headers as [name, value] pairs. */
  readonly headers: readonly (readonly [string, string])[];
  readonly options: Readonly<PeerOptions>;
  readonly link: ClientLink;
}

/** What a client adapter implements. `connect` must not throw for network errors: it reports them to the link. */
export interface ClientTransport {
  readonly specVersion: 1;
  readonly capabilities: ClientCapabilities;
  /** Throws `WsmpError` only for input the runtime cannot handle at all; the core checks the capabilities first. */
  connect(request: ConnectRequest): { abort(): void };
}
