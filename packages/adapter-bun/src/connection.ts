import type { Payload } from "@wsmp/core";
import type { Connection } from "@wsmp/core/adapter";

/** The few members of a Bun socket (server or client side) a connection needs. */
export interface BunSocketLike {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface ConnectionInfo {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly protocol: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/**
 * A Buffer or ArrayBuffer message as the core's bytes: a plain Uint8Array of exactly its own
 * bytes. A plain Uint8Array (what a socket whose `binaryType` is "uint8array" hands out) is
 * passed as it is: reading a Bun typed array's `.buffer` is not free.
 */
export function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) return new Uint8Array(data);
  return data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Makes a Bun server socket hand its binary messages out as plain Uint8Arrays (Bun's types do not list the setting yet). */
export function receivePlainBytes(ws: object): void {
  (ws as { binaryType?: string }).binaryType = "uint8array";
}

/** Headers as a record with lower-cased names; repeated names are joined with ", ". */
export function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

/** The core's `Connection` over one open Bun socket; `send` and `bufferedAmount` differ by side. */
export function createBunConnection(
  socket: BunSocketLike,
  io: { send(data: Payload): void; bufferedAmount(): number; ping(): void },
  info: ConnectionInfo,
): Connection {
  return {
    specVersion: 1,
    send(data) {
      if (socket.readyState === 1) io.send(data);
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    terminate() {
      socket.terminate();
    },
    ping() {
      if (socket.readyState === 1) io.ping();
    },
    get bufferedAmount() {
      return io.bufferedAmount();
    },
    remoteAddress: info.remoteAddress,
    remotePort: info.remotePort,
    protocol: info.protocol,
    headers: info.headers,
  };
}
