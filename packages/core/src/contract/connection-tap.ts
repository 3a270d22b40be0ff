import type { Payload } from "../shared/bytes.js";
import type { Connection } from "./connection.js";

/**
 * The same connection, with `sent` called for each message just before it is handed on: how a
 * wrapper counts or logs the exact wire messages (a server's traffic counters, the playground's
 * packet log) without the core or the adapter knowing. Everything else reads through.
 */
export function tapConnection(connection: Connection, sent: (data: Payload) => void): Connection {
  return {
    specVersion: 1,
    send(data) {
      sent(data);
      connection.send(data);
    },
    close: (code, reason) => connection.close(code, reason),
    terminate: () => connection.terminate(),
    get bufferedAmount() {
      return connection.bufferedAmount;
    },
    get bufferedMessages() {
      return connection.bufferedMessages;
    },
    remoteAddress: connection.remoteAddress,
    remotePort: connection.remotePort,
    protocol: connection.protocol,
    headers: connection.headers,
    ...(connection.ping ? { ping: () => connection.ping!() } : {}),
  };
}
