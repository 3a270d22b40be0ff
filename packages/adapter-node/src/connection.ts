import type { ClientLink, Connection, Payload, ServerLink } from "@wsmp/core";
import type { RawData, WebSocket } from "ws";

/** What the connection needs to know about its socket besides the `ws` object. */
export interface SocketInfo {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  /** Request headers (server) or response headers (client), names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** "::ffff:1.2.3.4" (an IPv4 client on a dual-stack socket) becomes "1.2.3.4". */
export function plainAddress(address: string | undefined): string {
  if (address === undefined) return "";
  return address.toLowerCase().startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
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

/** One incoming message as the core takes it: text as a string, binary as a Uint8Array of its own. */
function toPayload(data: RawData, isBinary: boolean): Payload {
  const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (!isBinary) return chunk.toString("utf8");
  // A Buffer may be a view into a larger pooled ArrayBuffer: copy exactly its bytes out.
  return new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
}

/**
 * Wraps an open `ws` socket as the core's `Connection` and reports its events to `link`:
 * messages, errors (with the close code `ws` sent) and the final close.
 */
export function createNodeConnection(ws: WebSocket, info: SocketInfo, link: ServerLink | ClientLink): Connection {
  let inFlight = 0;
  const sent = (): void => {
    inFlight--;
  };
  ws.on("message", (data, isBinary) => link.message(toPayload(data, isBinary)));
  ws.on("error", (error) => link.error(error.message, closeCodeOf(error)));
  ws.once("close", (code, reason) => link.closed(code, reason.toString("utf8")));
  return {
    specVersion: 1,
    send(data) {
      if (ws.readyState !== ws.OPEN) return;
      inFlight++;
      if (typeof data === "string") ws.send(data, sent);
      else ws.send(data, { binary: true }, sent);
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
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    get bufferedMessages() {
      return inFlight;
    },
    remoteAddress: plainAddress(info.remoteAddress),
    remotePort: info.remotePort ?? 0,
    protocol: ws.protocol,
    headers: info.headers,
  };
}
