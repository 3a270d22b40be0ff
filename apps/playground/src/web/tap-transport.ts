import type { Payload } from "@wsmp/adapter-browser";
import { type ClientTransport, type Connection, tapConnection } from "@wsmp/core/adapter";

/** Sees every whole WebSocket message, both ways, before the core or the socket does. */
export interface WireTap {
  received(data: Payload): void;
  sent(data: Payload): void;
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
            link.open(tapConnection(connection, (data) => tap.sent(data)));
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
