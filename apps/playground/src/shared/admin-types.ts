/** One peer as the server view lists it. */
export interface AdminPeer {
  readonly id: number;
  readonly address: string;
  readonly port: number;
  /** The negotiated subprotocol, "" when none. */
  readonly protocol: string;
  /** Messages from this peer waiting to be read (raw mode keeps them per connection; otherwise null). */
  readonly queued: number | null;
  /** Bytes waiting to be written to this peer. */
  readonly buffered: number;
  /** Milliseconds since the epoch when the peer got its id. */
  readonly connectedAt: number;
}

/** What `GET /admin/state` answers. */
export interface AdminState {
  readonly runtime: string;
  readonly dialect: string;
  readonly port: number;
  readonly peers: readonly AdminPeer[];
  /** Packets waiting in the server's shared inbound queue (every peer's together). */
  readonly queuedTotal: number;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What `GET /info` answers (public: the page's defaults). */
export interface PublicInfo {
  readonly runtime: string;
  readonly dialect: "godot4" | "godot3" | "raw";
  readonly protocols: readonly string[];
}
