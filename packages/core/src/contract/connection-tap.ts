import type { Payload } from "../shared/bytes.js";
import type { Connection } from "./connection.js";

/**
 * The same connection, with `sent` called for each message just before it is handed on: how a
 * wrapper counts or logs the exact wire messages (a server's traffic counters, the playground's
 * packet log) without the core or the adapter knowing. Everything else reads through, lazily
 * where the connection is lazy (its headers). The tap carries no `fanOut`: a group send would
 * bypass `sent`, so the core sends to a tapped connection one message at a time.
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
    get headers() {
      return connection.headers;
    },
    ...(connection.ping ? { ping: () => connection.ping!() } : {}),
  };
}
