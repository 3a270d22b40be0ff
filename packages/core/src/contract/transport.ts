import type { ClientLink, PendingSocket, ServerLink } from "./connection.js";
import type { PeerOptions } from "../shared/peer-options.js";

/** PEM text or its bytes. */
export type Pem = string | Uint8Array;

/** Godot's `TLSOptions.server(key, certificate)`, plus Godot 3's CA chain. */
export interface TlsServerOptions {
  readonly kind: "server";
  readonly key: Pem;
  readonly certificate: Pem;
  /** Extra CA certificates sent with the server certificate. */
  readonly caChain?: Pem | undefined;
}

/** Godot's `TLSOptions.client(trusted_chain, common_name_override)` and `TLSOptions.client_unsafe()`. */
export interface TlsClientOptions {
  readonly kind: "client";
  /** CA certificates to trust instead of the runtime's default store. */
  readonly trustedCa?: Pem | undefined;
  /** Host name to check the certificate against instead of the URL's host. */
  readonly commonNameOverride?: string | undefined;
  /** Skip every certificate check. For development only. */
  readonly unsafe?: boolean | undefined;
}

export type TlsOptions = TlsServerOptions | TlsClientOptions;

/** Builders named after Godot's `TLSOptions`. */
export const TLSOptions = {
  server(key: Pem, certificate: Pem, caChain?: Pem): TlsServerOptions {
    return { kind: "server", key, certificate, caChain };
  },
  client(trustedCa?: Pem, commonNameOverride?: string): TlsClientOptions {
    return { kind: "client", trustedCa, commonNameOverride };
  },
  clientUnsafe(trustedCa?: Pem): TlsClientOptions {
    return { kind: "client", trustedCa, unsafe: true };
  },
} as const;

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
}

export interface ListenRequest {
  readonly port: number;
  /** "*" for every interface (IPv4 and IPv6), otherwise an IP literal or host name. */
  readonly bindAddress: string;
  readonly tls: TlsServerOptions | undefined;
  /** The live options; `inboundBufferSize` is the largest message the runtime should accept. */
  readonly options: Readonly<PeerOptions>;
  /** Call once per accepted TCP connection, before its HTTP upgrade is read. */
  accept(socket: PendingSocket): ServerLink;
}

export interface ListenResult {
  readonly port: number;
  readonly address: string;
}

/** What a server adapter implements. */
export interface ServerTransport {
  readonly specVersion: 1;
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
  /** Throws `WsmpError` only for bad input the runtime cannot handle at all (e.g. custom headers in a browser). */
  connect(request: ConnectRequest): { abort(): void };
}
