/**
 * The state transition tables of both roles, in one place.
 *
 * Rules (server, one row per connection):
 * 1. A connection is `pending` from TCP accept until its WebSocket is open. Its id is assigned at
 *    accept (as in Godot 4) and its handshake clock starts then.
 * 2. `pending` -> `open` when the WebSocket opens, unless the server refuses new connections, in
 *    which case it is dropped (`refuse`). The open step sends the dialect's join messages and
 *    emits `peer_connected`.
 * 3. `pending` -> `gone` on handshake timeout or if the socket dies first. No user event fires for
 *    a connection that never opened (Godot emits nothing either); `handshake_failed` reports it.
 * 4. `open` -> `closing` when wsmp closes the peer (disconnectPeer, a protocol violation, server
 *    shutdown). The peer leaves the routing set at once and `peer_disconnected` fires then.
 *    The close handshake then has `handshakeTimeout` to finish before the socket is terminated.
 * 5. `open` -> `gone` when the remote closes or the socket dies: `peer_disconnected` fires.
 * 6. `force` drops a connection from any live state at once, with no event (Godot's
 *    `disconnect_peer(id, true)`).
 * 7. `gone` is terminal: any later input for that connection is ignored.
 *
 * Rules (client, the single connection to the server):
 * 1. `connecting` until the WebSocket opens (handshake clock running), then `waiting_id`.
 * 2. `waiting_id` -> `connected` when the dialect reports the id (Godot 4: a 4-byte message with an
 *    id >= 2; Godot 3: SYS_ID then SYS_ADD(1)). Anything else is a protocol error: close and fail.
 *    Unlike Godot, the handshake clock keeps running until the id arrives, so a server that opens
 *    the socket but never sends an id cannot leave a client connecting forever.
 * 3. `connected` -> `closing` when the client closes; -> `closed` when the connection ends.
 *    `peer_disconnected(1)` fires only if the client had reached `connected`.
 * 4. `drop` (Godot's `disconnect_peer(1, true)`) ends any live state at once: the socket is
 *    dropped without a close frame and no event fires.
 * 5. `closed` is terminal for that connection attempt. A client closed before it ever connected
 *    goes straight from `idle` to `closed`.
 *
 * An input missing from a row is not allowed in that state: `step` returns `undefined` and the
 * caller treats it as ignored input (late socket events) or a protocol error, never as a new state.
 */

export const ServerPeerState = {
  PENDING: "pending",
  OPEN: "open",
  CLOSING: "closing",
  GONE: "gone",
} as const;
export type ServerPeerState = (typeof ServerPeerState)[keyof typeof ServerPeerState];

export type ServerInput = "open" | "refuse" | "message" | "timeout" | "close" | "closed" | "force";

export const SERVER_TABLE: Readonly<Record<ServerPeerState, Partial<Record<ServerInput, ServerPeerState>>>> = {
  pending: { open: "open", refuse: "gone", timeout: "gone", closed: "gone", force: "gone" },
  open: { message: "open", close: "closing", closed: "gone", force: "gone" },
  closing: { closed: "gone", timeout: "gone", force: "gone" },
  gone: {},
};

export const ClientState = {
  IDLE: "idle",
  CONNECTING: "connecting",
  WAITING_ID: "waiting_id",
  CONNECTED: "connected",
  CLOSING: "closing",
  CLOSED: "closed",
} as const;
export type ClientState = (typeof ClientState)[keyof typeof ClientState];

export type ClientInput = "connect" | "open" | "id" | "message" | "close" | "closed" | "timeout" | "fail" | "drop";

export const CLIENT_TABLE: Readonly<Record<ClientState, Partial<Record<ClientInput, ClientState>>>> = {
  idle: { connect: "connecting", close: "closed" },
  connecting: { open: "waiting_id", close: "closed", closed: "closed", timeout: "closed", fail: "closed", drop: "closed" },
  waiting_id: { id: "connected", message: "waiting_id", close: "closing", closed: "closed", timeout: "closed", fail: "closing", drop: "closed" },
  connected: { message: "connected", close: "closing", closed: "closed", fail: "closing", drop: "closed" },
  closing: { closed: "closed", timeout: "closed", drop: "closed" },
  closed: {},
};

export function step<S extends string, I extends string>(
  table: Readonly<Record<S, Partial<Record<I, S>>>>,
  state: S,
  input: I,
): S | undefined {
  return table[state][input];
}
