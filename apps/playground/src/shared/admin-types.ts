/** One peer as the server view lists it. */
export interface AdminPeer {
  readonly id: number;
  readonly address: string;
  readonly port: number;
  /** The negotiated subprotocol, "" when none. */
  readonly protocol: string;
  /** Packets from this peer waiting to be read by the server's application (`PeerHandle.queuedPackets`). */
  readonly queued: number;
  /** Bytes waiting to be written to this peer. */
  readonly buffered: number;
  /** Milliseconds since the epoch when the peer got its id. */
  readonly connectedAt: number;
}

/** One session as the server view lists it. */
export interface AdminSession {
  readonly name: string;
  /** "join" (a page or game created it by joining) or "application" (the lobby). */
  readonly origin: string;
  readonly peers: readonly AdminPeer[];
  /** Packets waiting in the session's shared inbound queue. */
  readonly queuedTotal: number;
}

/** What `GET /admin/state` answers. */
export interface AdminState {
  readonly runtime: string;
  readonly dialect: string;
  readonly port: number;
  /** The peers of the default session (`/`, "lobby"). */
  readonly peers: readonly AdminPeer[];
  /** Packets waiting in the default session's shared inbound queue. */
  readonly queuedTotal: number;
  /** Every session with its peers, the default one first. */
  readonly sessions: readonly AdminSession[];
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What `GET /info` answers (public: the page's defaults). */
export interface PublicInfo {
  readonly runtime: string;
  readonly dialect: "godot4" | "godot3" | "raw";
  readonly protocols: readonly string[];
}

/** One row of `GET /sessions` (public: the page's session list). */
export interface PublicSession {
  readonly name: string;
  readonly peers: number;
}
