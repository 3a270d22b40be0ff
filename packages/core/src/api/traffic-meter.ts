import { payloadLength } from "../shared/bytes.js";
import type { ServerLink } from "../contract/connection.js";
import { tapConnection } from "../contract/connection-tap.js";
import type { ListenRequest, ServerTransport } from "../contract/transport.js";

/**
 * Whole WebSocket messages a server received and handed to its transport, and their payload
 * bytes, since it was created: every message, including those then relayed, dropped or refused
 * (the server's own framing, such as a Godot 3 header, counts as payload).
 */
export interface Traffic {
  readonly messagesIn: number;
  readonly bytesIn: number;
  readonly messagesOut: number;
  readonly bytesOut: number;
}

/** The counters behind `MultiplayerServer.traffic`. */
export interface TrafficCounters {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}

export function createTrafficCounters(): TrafficCounters {
  return { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };
}

/** The same link, with each message it receives counted and its connection metered. */
function meteredLink(link: ServerLink, counters: TrafficCounters): ServerLink {
  return {
    id: link.id,
    upgrade: (offered, headers, request) => link.upgrade(offered, headers, request),
    open: (connection) =>
      link.open(
        tapConnection(connection, (data) => {
          counters.messagesOut++;
          counters.bytesOut += payloadLength(data);
        }),
      ),
    message(data) {
      counters.messagesIn++;
      counters.bytesIn += payloadLength(data);
      link.message(data);
    },
    closed: (code, reason) => link.closed(code, reason),
    error: (message, closeCode) => link.error(message, closeCode),
    pong: () => link.pong(),
  };
}

/**
 * A transport whose connections are counted into `counters`: how a server measures its traffic
 * without its adapter's help. The adapter's own objects are untouched.
 */
export function meteredTransport(transport: ServerTransport, counters: TrafficCounters): ServerTransport {
  return {
    specVersion: 1,
    capabilities: transport.capabilities,
    listen: (request: ListenRequest) =>
      transport.listen({
        port: request.port,
        bindAddress: request.bindAddress,
        tls: request.tls,
        options: request.options,
        accept: (socket, acceptedAt) => meteredLink(request.accept(socket, acceptedAt), counters),
      }),
    stop: () => transport.stop(),
  };
}
