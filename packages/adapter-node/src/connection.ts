import type { Payload } from "@wsmp/core";
import { type ClientLink, type Connection, plainAddress } from "@wsmp/core/adapter";
import type { RawData, WebSocket } from "ws";

/** What the connection needs to know about its socket besides the `ws` object. */
export interface SocketInfo {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** Request headers (server) or response headers (client), names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Node's header object (lower-cased names) as one string per name; repeated headers are joined with ", ". */
export function headerRecord(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * The close code `ws` sent for an error it raised while reading, by its stable `WS_ERR_*` code:
 * an oversized message is 1009, bad UTF-8 is 1007, too many buffered parts is 1008, any other
 * frame-level violation is 1002. Socket errors (no code) get no close frame.
 */
export function closeCodeOf(error: Error & { code?: unknown }): number | undefined {
  switch (error.code) {
    case "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH":
    case "WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH":
      return 1009;
    case "WS_ERR_INVALID_UTF8":
      return 1007;
    case "WS_ERR_TOO_MANY_BUFFERED_PARTS":
      return 1008;
    default:
      return typeof error.code === "string" && error.code.startsWith("WS_ERR_") ? 1002 : undefined;
  }
}

/**
 * Bytes a received message may keep alive beyond its own when it is handed on without a copy.
 * `ws` hands out each payload as a view into the chunk the socket read, which is sized to what
 * arrived: usually one frame (the payload plus a 2-14 byte header), sometimes a burst of frames.
 */
const MAX_SHARED_SLACK = 64;

/**
 * One incoming message as the core takes it: text as a string, binary as a plain Uint8Array.
 * The bytes are shared rather than copied when the chunk behind them is not much bigger than the
 * message (a queued packet must not pin a large read chunk or a pooled buffer); nothing writes to
 * that chunk once `ws` has emitted the message.
 */
export function toPayload(data: RawData, isBinary: boolean): Payload {
  const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (!isBinary) return chunk.toString("utf8");
  const { buffer, byteOffset, byteLength } = chunk;
  if (buffer.byteLength - byteLength <= Math.max(MAX_SHARED_SLACK, byteLength)) return new Uint8Array(buffer, byteOffset, byteLength);
  return new Uint8Array(buffer.slice(byteOffset, byteOffset + byteLength));
}

/**
 * Wraps an open client-side `ws` socket as the core's `Connection` and reports its events to
 * `link`: messages, errors (with the close code `ws` sent) and the final close. (A server's
 * connections are `NodeServerConnection`s, server-connection.ts.)
 */
export function createNodeConnection(ws: WebSocket, info: SocketInfo, link: ClientLink): Connection {
  /**
   * Messages handed to `ws` with a completion callback that has not run yet. A message sent
   * while nothing waits for the socket is usually written to the kernel at once, so it goes
   * without a callback (a callback per send is a large share of the send cost); if it did stay
   * buffered, it is the only uncounted one, which `bufferedMessages` adds while bytes wait.
   */
  let inFlight = 0;
  const sent = (): void => {
    inFlight--;
  };
  ws.on("message", (data, isBinary) => link.message(toPayload(data, isBinary)));
  ws.on("error", (error) => link.error(error.message, closeCodeOf(error)));
  ws.once("close", (code, reason) => link.closed(code, reason.toString("utf8")));
  ws.on("pong", () => link.pong());
  return {
    specVersion: 1,
    send(data) {
      if (ws.readyState !== ws.OPEN) return;
      const idle = ws.bufferedAmount === 0;
      if (!idle) inFlight++;
      if (typeof data === "string") ws.send(data, idle ? undefined : sent);
      else ws.send(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { binary: true }, idle ? undefined : sent);
    },
    close(code, reason) {
      try {
        ws.close(code, reason);
      } catch {
        ws.terminate(); // a code or reason `ws` refuses: drop the socket rather than leave it open
      }
    },
    terminate() {
      ws.terminate();
    },
    ping() {
      if (ws.readyState === ws.OPEN) ws.ping();
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    get bufferedMessages() {
      // At most one message went out uncounted and may still wait: count it while bytes wait.
      return ws.bufferedAmount > 0 ? inFlight + 1 : inFlight;
    },
    remoteAddress: plainAddress(info.remoteAddress),
    remotePort: info.remotePort ?? 0,
    protocol: ws.protocol,
    headers: info.headers,
  };
}
