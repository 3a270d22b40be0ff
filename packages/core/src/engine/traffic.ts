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

/** The counters behind `MultiplayerServer.traffic`, kept by the server engine. */
export interface TrafficCounters {
  messagesIn: number;
  bytesIn: number;
  messagesOut: number;
  bytesOut: number;
}
