import type { LocateRequest, Payload } from "@wsmp/core";
import type { Connection, ServerLink, UpgradeDecision } from "@wsmp/core/adapter";
import { bodyJson, bodyText, type CloseBody, encodeFrame, type Frame, FrameKind, type JoinBody } from "./bus-frames.js";
import type { ClusterBus } from "./contract.js";

/** A client that reached this node for a session another node owns. */
interface Bridged {
  readonly id: number;
  readonly owner: string;
  state: "joining" | "open" | "closed";
  connection: Connection | undefined;
  decide: ((decision: UpgradeDecision) => void) | undefined;
  /** The close this node sends the client once its WebSocket opens, when the owner went away first. */
  pendingClose: CloseBody | undefined;
}

/**
 * The edge side of bridging: each client of a session owned elsewhere gets a `ServerLink` that
 * forwards its upgrade, messages and close to the owner over the bus, and applies what the owner
 * sends back (the upgrade decision, messages, a close) to the client's real connection. This
 * node decides nothing about the session: the owner assigns the id and runs the relay.
 */
export class EdgeBridges {
  private next = 1;
  private readonly bridged = new Map<number, Bridged>();

  constructor(
    private readonly node: string,
    private readonly bus: ClusterBus,
    private readonly clock: { now(): number; setTimer(ms: number, fn: () => void): () => void },
    /** Milliseconds from TCP accept to the id (the server's `handshakeTimeout`). */
    private readonly handshakeMs: number,
  ) {}

  /** Clients bridged from here, joining or open. */
  get size(): number {
    return this.bridged.size;
  }

  /** The owners this node bridges clients to. */
  owners(): string[] {
    return [...new Set([...this.bridged.values()].map((b) => b.owner))];
  }

  /** The link the front door hands a client of `owner`'s session to. */
  link(owner: string, request: LocateRequest): ServerLink {
    const entry: Bridged = { id: this.next++, owner, state: "joining", connection: undefined, decide: undefined, pendingClose: undefined };
    this.bridged.set(entry.id, entry);
    const send = (kind: FrameKind, body?: Uint8Array | string | object): void => this.bus.send(owner, encodeFrame(kind, false, entry.id, this.node, body));
    return {
      id: 0,
      upgrade: (offered, headers, upgrade) =>
        new Promise<UpgradeDecision>((resolve) => {
          const left = request.acceptedAt + this.handshakeMs - this.clock.now();
          const cancel = this.clock.setTimer(Math.max(0, left), () => finish({ accept: false, reason: "the session's node did not answer in time", status: 504 }));
          const finish = (decision: UpgradeDecision): void => {
            cancel();
            entry.decide = undefined;
            if (!decision.accept) this.forget(entry);
            resolve(decision);
          };
          entry.decide = finish;
          const join: JoinBody = {
            name: request.name,
            path: upgrade?.path ?? request.path,
            protocols: offered,
            headers,
            remoteAddress: request.socket.remoteAddress,
            remotePort: request.socket.remotePort,
            elapsed: this.clock.now() - request.acceptedAt,
          };
          send(FrameKind.JOIN, join);
        }),
      open: (connection) => {
        entry.connection = connection;
        if (entry.state === "closed") {
          const close = entry.pendingClose;
          if (close) connection.close(close.code, close.reason);
          else connection.terminate();
          return;
        }
        entry.state = "open";
        send(FrameKind.OPEN);
      },
      message: (data: Payload) => {
        if (entry.state === "open") send(typeof data === "string" ? FrameKind.TEXT : FrameKind.BINARY, data);
      },
      closed: (code, reason) => {
        if (entry.state !== "closed") send(FrameKind.CLOSE, { code, reason } satisfies CloseBody);
        this.forget(entry);
      },
      error: () => entry.connection?.terminate(),
      pong: () => undefined,
    };
  }

  /** A frame from an owner about one of this node's clients. */
  receive(frame: Frame): void {
    const entry = this.bridged.get(frame.connection);
    if (!entry || entry.owner !== frame.sender) return;
    switch (frame.kind) {
      case FrameKind.DECISION:
        entry.decide?.(bodyJson<UpgradeDecision>(frame));
        break;
      case FrameKind.BINARY:
        entry.connection?.send(frame.body.slice());
        break;
      case FrameKind.TEXT:
        entry.connection?.send(bodyText(frame));
        break;
      case FrameKind.CLOSE: {
        const close = bodyJson<CloseBody>(frame);
        if (entry.connection) entry.connection.close(close.code, close.reason);
        else entry.decide?.({ accept: false, reason: close.reason, status: 503 });
        break;
      }
      case FrameKind.TERMINATE:
        entry.state = "closed";
        if (entry.connection) entry.connection.terminate();
        else entry.decide?.({ accept: false, reason: "the session refused the connection", status: 503 });
        this.forget(entry);
        break;
      default:
        break;
    }
  }

  /** Closes every client bridged to `owner` (or to any owner) with `code`; joins in progress are refused with 502. */
  closeOwner(owner: string | undefined, code: number, reason: string): number {
    let closed = 0;
    for (const entry of [...this.bridged.values()]) {
      if (owner !== undefined && entry.owner !== owner) continue;
      closed++;
      entry.state = "closed";
      entry.pendingClose = { code, reason };
      if (entry.decide) entry.decide({ accept: false, reason, status: 502 });
      else if (entry.connection) entry.connection.close(code, reason);
      // A client still upgrading is closed in `open`; the socket's `closed` forgets it.
    }
    return closed;
  }

  private forget(entry: Bridged): void {
    entry.state = "closed";
    this.bridged.delete(entry.id);
  }
}
