import type { Payload } from "@wsmp/adapter-browser";
import type { ClientTransport, Connection } from "@wsmp/core/adapter";

/** Sees every whole WebSocket message, both ways, before the core or the socket does. */
export interface WireTap {
  received(data: Payload): void;
  sent(data: Payload): void;
}

function tapConnection(connection: Connection, tap: WireTap): Connection {
  return {
    specVersion: 1,
    send(data) {
      tap.sent(data);
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
    get remoteAddress() {
      return connection.remoteAddress;
    },
    get remotePort() {
      return connection.remotePort;
    },
    get protocol() {
      return connection.protocol;
    },
    get headers() {
      return connection.headers;
    },
  };
}

/**
 * Wraps a client transport so that the page can count and log the exact wire messages (id
 * message, SYS and relay packets included) without the core knowing.
 */
export function tapTransport(inner: ClientTransport, tap: WireTap): ClientTransport {
  return {
    specVersion: 1,
    capabilities: inner.capabilities,
    connect(request) {
      const link = request.link;
      return inner.connect({
        ...request,
        link: {
          open(connection: Connection) {
            link.open(tapConnection(connection, tap));
          },
          message(data) {
            tap.received(data);
            link.message(data);
          },
          closed: (code, reason) => link.closed(code, reason),
          error: (message, closeCode) => link.error(message, closeCode),
          pong: () => link.pong(),
        },
      });
    },
  };
}
