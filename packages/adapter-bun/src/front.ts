import { plainAddress, type PendingSocket, type ServerLink } from "@wsmp/core/adapter";
import type { Socket, TCPSocketListener } from "bun";
import { CloseScanner } from "./close-scan.js";

/**
 * The Bun server's front: a `Bun.listen` TCP (or TLS) listener that sees every connection at
 * accept and pipes its bytes to the `Bun.serve` that speaks HTTP and WebSocket, listening on a
 * private Unix socket (a loopback port on Windows). It gives the Bun adapter what `Bun.serve`
 * alone cannot (docs/security.md):
 * - the connection reaches the core at TCP accept, so `handshakeTimeout` bounds a client that
 *   never sends, or never finishes, its request (slowloris), and the admission caps apply at accept;
 * - TLS ends here, and when the server closes a WebSocket the client's socket stays open until the
 *   client answers the close frame (or the core terminates it at its close deadline). `Bun.serve`
 *   sends TLS close_notify and FIN right behind its close frame, and a Godot 4 client then loses
 *   the frame (its TLS read returns the bytes and the EOF in one call and drops both): it sees -1.
 *   Because the front sees the answer, `wasClean` is true exactly when the client answered.
 * Each request gets a header line with a random per-connection token right after its request
 * line; the inner server finds the connection by it (`claim`).
 */

/** The header the front adds to each connection's request, and the longest request line it reads before the token goes in. */
export const FRONT_TOKEN_HEADER = "x-wsmp-front";
export const MAX_REQUEST_LINE = 8192;
/** Bytes the front holds for a client that reads slowly before it stops reading from the inner server. */
const OUT_HIGH_WATER = 64 * 1024;

/** One client connection, as the inner server and the Bun connection see it. */
export interface FrontConnection {
  readonly link: ServerLink;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Bytes waiting to be written to the client (part of the connection's `bufferedAmount`). */
  readonly pendingOut: number;
  /** The server sent its close frame: the front reports the end of the connection (`link.closed`) itself. */
  readonly closingByServer: boolean;
  /** The client's socket is gone (or being dropped). */
  readonly gone: boolean;
  /** The WebSocket opened on the inner server. */
  upgraded(): void;
  /** The server starts a close with `code`: hold the client's socket until it answers. */
  closing(code: number, reason: string): void;
  /** The inner WebSocket ended by itself (the client closed, or Bun over a frame violation): nothing to hold for. */
  ended(): void;
  /** Drops the client's socket at once. */
  terminate(): void;
}

export interface FrontOptions {
  readonly hostname: string;
  readonly port: number;
  readonly tls: { readonly key: string; readonly cert: string } | undefined;
  /** Where the inner `Bun.serve` listens. */
  readonly inner: { readonly unix: string } | { readonly hostname: string; readonly port: number };
  /** The core's accept hook. */
  accept(socket: PendingSocket): ServerLink;
}

export interface Front {
  readonly port: number;
  /** The connection an inner request came through, by its token (each token is claimed once). */
  claim(token: string | null): FrontConnection | undefined;
  /** Stops accepting, waits until every client socket is gone (the core ends them), then closes the listener. */
  stop(): Promise<void>;
}

function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

class Pipe implements FrontConnection {
  link!: ServerLink;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly token = randomToken();
  inner: Socket<Pipe> | undefined;
  pendingOut = 0;
  closingByServer = false;
  private head: Uint8Array | undefined = new Uint8Array(0);
  private readonly toInner: Uint8Array[] = [];
  private readonly toOuter: Uint8Array[] = [];
  private isUpgraded = false;
  private closeCode = 0;
  private closeReason = "";
  private scanner: CloseScanner | undefined;
  private innerGone = false;
  gone = false;

  constructor(readonly outer: Socket<Pipe>) {
    this.remoteAddress = plainAddress(outer.remoteAddress);
    this.remotePort = outer.remotePort;
  }

  private wsEnded = false;

  upgraded(): void {
    this.isUpgraded = true;
  }

  ended(): void {
    this.wsEnded = true;
  }

  closing(code: number, reason: string): void {
    if (!this.isUpgraded || this.wsEnded || this.gone) return;
    this.closingByServer = true;
    this.closeCode = code;
    this.closeReason = reason;
    this.scanner = new CloseScanner();
  }

  terminate(): void {
    if (this.gone) return;
    this.gone = true;
    this.outer.terminate();
    this.inner?.terminate();
  }

  /** Bytes from the client. */
  fromClient(chunk: Uint8Array): void {
    if (this.gone) return;
    if (this.scanner) {
      // After the server's close frame only the client's answer matters: the inner server is done.
      if (this.scanner.feed(chunk)) this.answered();
      return;
    }
    if (this.head) {
      const head = concat(this.head, chunk);
      const end = indexOfLineEnd(head);
      if (end < 0) {
        if (head.byteLength > MAX_REQUEST_LINE) this.terminate();
        else this.head = head;
        return;
      }
      this.head = undefined;
      chunk = concat(head.subarray(0, end + 2), new TextEncoder().encode(`${FRONT_TOKEN_HEADER}: ${this.token}\r\n`), head.subarray(end + 2));
    }
    if (this.inner && this.toInner.length === 0) {
      const written = this.inner.write(chunk);
      if (written >= chunk.byteLength) return;
      chunk = chunk.subarray(Math.max(0, written));
    }
    this.toInner.push(chunk.slice());
    this.outer.pause();
  }

  /** Bytes from the inner server. */
  fromInner(chunk: Uint8Array): void {
    if (this.gone) return;
    if (this.toOuter.length === 0) {
      const written = this.outer.write(chunk);
      if (written >= chunk.byteLength) return;
      chunk = chunk.subarray(Math.max(0, written));
    }
    this.toOuter.push(chunk.slice());
    this.pendingOut += chunk.byteLength;
    if (this.pendingOut > OUT_HIGH_WATER) this.inner?.pause();
  }

  /** The inner socket connected, or can take more. */
  innerWritable(): void {
    while (this.inner && this.toInner.length > 0) {
      const chunk = this.toInner[0]!;
      const written = this.inner.write(chunk);
      if (written < chunk.byteLength) {
        this.toInner[0] = chunk.subarray(Math.max(0, written));
        return;
      }
      this.toInner.shift();
    }
    this.outer.resume();
  }

  /** The client's socket can take more. */
  outerWritable(): void {
    while (this.toOuter.length > 0) {
      const chunk = this.toOuter[0]!;
      const written = this.outer.write(chunk);
      this.pendingOut -= Math.max(0, Math.min(written, chunk.byteLength));
      if (written < chunk.byteLength) {
        this.toOuter[0] = chunk.subarray(Math.max(0, written));
        return;
      }
      this.toOuter.shift();
    }
    this.inner?.resume();
    if (this.innerGone && !this.scanner) this.outer.end();
  }

  /** The inner server ended the connection (an HTTP answer, a WebSocket close, a violation). */
  innerClosed(): void {
    if (this.innerGone) return;
    this.innerGone = true;
    // A close the server started waits for the client's answer; anything else ends with the inner side.
    if (!this.scanner && this.toOuter.length === 0 && !this.gone) this.outer.end();
  }

  /** The client's socket is gone. */
  outerClosed(): void {
    const wasGone = this.gone;
    this.gone = true;
    if (!this.innerGone) this.inner?.end();
    // The inner WebSocket reports other ends itself; a close the server started, or a connection
    // that never upgraded, ends here.
    if (!wasGone && (this.scanner || !this.isUpgraded)) this.link.closed(1006, "");
  }

  /** The client answered the server's close frame: the close handshake finished. */
  private answered(): void {
    this.scanner = undefined;
    this.link.closed(this.closeCode, this.closeReason);
    this.gone = true;
    this.outer.end();
    this.inner?.end();
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function indexOfLineEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.byteLength; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  return -1;
}

/** Starts the front on `hostname:port`; connections are piped to `options.inner`. */
export function startFront(options: FrontOptions): Front {
  /** Connections whose request has not reached the inner server yet, by token. */
  const pipes = new Map<string, Pipe>();
  const live = new Set<Pipe>();
  let onEmpty: (() => void) | undefined;
  const innerHandlers = {
    open(inner: Socket<Pipe>) {
      inner.data.inner = inner;
      inner.data.innerWritable();
    },
    data: (inner: Socket<Pipe>, chunk: Uint8Array) => inner.data.fromInner(chunk),
    drain: (inner: Socket<Pipe>) => inner.data.innerWritable(),
    end: (inner: Socket<Pipe>) => inner.data.innerClosed(),
    close: (inner: Socket<Pipe>) => inner.data.innerClosed(),
    error: () => undefined,
    connectError: (inner: Socket<Pipe>) => inner.data.terminate(),
  };
  const listener: TCPSocketListener<Pipe> = Bun.listen<Pipe>({
    hostname: options.hostname,
    port: options.port,
    ...(options.tls ? { tls: options.tls } : {}),
    socket: {
      open(outer) {
        const pipe = new Pipe(outer);
        outer.data = pipe;
        pipe.link = options.accept({ remoteAddress: pipe.remoteAddress, remotePort: pipe.remotePort, abort: () => pipe.terminate() });
        if (pipe.gone) return;
        pipes.set(pipe.token, pipe);
        live.add(pipe);
        Bun.connect<Pipe>({ ...options.inner, data: pipe, socket: innerHandlers } as Parameters<typeof Bun.connect<Pipe>>[0]).catch(() => pipe.terminate());
      },
      // With TLS, Bun calls `open` at TCP accept only when a `handshake` handler exists (else after
      // the TLS handshake), and the handshake timeout must cover a client that never sends its hello.
      handshake(outer, success) {
        if (!success) outer.data?.terminate();
      },
      data: (outer, chunk) => outer.data?.fromClient(chunk),
      drain: (outer) => outer.data?.outerWritable(),
      end(outer) {
        outer.end();
      },
      close(outer) {
        const pipe = outer.data;
        if (!pipe) return;
        pipes.delete(pipe.token);
        live.delete(pipe);
        pipe.outerClosed();
        if (live.size === 0) onEmpty?.();
      },
      error: () => undefined,
    },
  });
  return {
    port: listener.port,
    claim(token) {
      const pipe = token === null ? undefined : pipes.get(token);
      if (pipe) pipes.delete(token!);
      return pipe;
    },
    async stop() {
      listener.stop(false);
      if (live.size > 0) await new Promise<void>((resolve) => (onEmpty = resolve));
      listener.stop(true);
    },
  };
}
