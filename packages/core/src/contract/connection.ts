import type { Payload } from "../shared/bytes.js";
import type { FanOut } from "./fan-out.js";

/**
 * The connection contract: what an adapter implements for one open WebSocket. It is a plain
 * object of closures and getters; the core never subclasses or inspects runtime objects.
 *
 * Version 1. Adapters declare `specVersion: 1` so a future contract can be told apart.
 */
export interface Connection {
  readonly specVersion: 1;
  /** Sends one whole WebSocket message: `string` as a text frame, bytes as a binary frame. */
  send(data: Payload): void;
  /** Starts the closing handshake with `code` and `reason` (reason at most 123 UTF-8 bytes). */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
  /** Bytes accepted by `send` but not yet written to the network. */
  readonly bufferedAmount: number;
  /** Messages accepted by `send` but not yet written, when the runtime can tell; otherwise undefined. */
  readonly bufferedMessages?: number | undefined;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The negotiated subprotocol, "" when none. */
  readonly protocol: string;
  /** Request headers (server side) or response headers (client side), lower-cased names, when known. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Sends a WebSocket ping frame; the adapter reports the pong with `link.pong()`. Present when
   * the runtime can ping (capability `ping`); the heartbeat needs it.
   */
  ping?(): void;
  /**
   * The transport's fan-out (the same object on all its connections), when it has one (capability
   * `fanOut`): the core then sends a broadcast to the peers with room in their buffers in one
   * operation instead of one `send` each (fan-out.ts).
   */
  readonly fanOut?: FanOut | undefined;
}

/** What a server adapter knows about a TCP connection before its WebSocket handshake finished. */
export interface PendingSocket {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Destroys the underlying socket without any response. */
  abort(): void;
}

/**
 * The answer to an upgrade request. A rejected upgrade without `status` gets no HTTP response
 * where the runtime allows it (capability `silentRefusal`: the socket is dropped, as in Godot),
 * else the runtime's own error status; with `status` every adapter answers with that HTTP status
 * and `reason` as a short body, then closes the connection.
 */
export type UpgradeDecision =
  | { readonly accept: true; readonly protocol: string; readonly headers: readonly (readonly [string, string])[] }
  | { readonly accept: false; readonly reason: string; readonly status?: number | undefined };

/** What the adapter knows about the upgrade request besides its headers. */
export interface UpgradeRequest {
  /** The request target (path and query). */
  readonly path: string;
}

/**
 * The per-connection input side of a server: the adapter calls these as its runtime reports
 * events, in this order: `upgrade` (optional), `open`, any number of `message`, `closed`.
 * Every method is safe to call in any state; calls that no longer apply are ignored.
 */
export interface ServerLink {
  /** The peer id this connection will get (assigned at TCP accept, as Godot 4 does). */
  readonly id: number;
  /**
   * Decide whether to accept the HTTP upgrade, and with which subprotocol and extra headers. The
   * answer is a promise when the application's `admit` hook is asynchronous: the adapter must then
   * wait for it (the handshake timeout keeps running) and check the socket is still there.
   */
  upgrade(offeredProtocols: readonly string[], requestHeaders: Readonly<Record<string, string>>, request?: UpgradeRequest): UpgradeDecision | Promise<UpgradeDecision>;
  /** The WebSocket is open. */
  open(connection: Connection): void;
  /** One whole incoming message. */
  message(data: Payload): void;
  /** The connection is gone. `code` is the close code received (1006 when there was no close frame). */
  closed(code: number, reason: string): void;
  /** The runtime reported an error (oversized frame, bad UTF-8, socket error). `closeCode` is what the runtime sent, if it did. */
  error(message: string, closeCode?: number): void;
  /** A pong frame arrived (the answer to `Connection.ping`). */
  pong(): void;
}

/** The client-side input: same shape, one connection. */
export interface ClientLink {
  open(connection: Connection): void;
  message(data: Payload): void;
  closed(code: number, reason: string): void;
  error(message: string, closeCode?: number): void;
  pong(): void;
}
