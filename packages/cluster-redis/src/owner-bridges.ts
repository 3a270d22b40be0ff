import type { Payload, SessionServer } from "@wsmp/core";
import type { Connection, ServerLink } from "@wsmp/core/adapter";
import { bodyJson, bodyText, type CloseBody, encodeFrame, type Frame, FrameKind, type JoinBody } from "./bus-frames.js";
import type { ClusterBus } from "./contract.js";

/** A peer of one of this node's sessions whose client is connected to another node. */
interface Remote {
  readonly key: string;
  readonly edge: string;
  readonly connection: number;
  link: ServerLink | undefined;
  state: "joining" | "open" | "gone";
}

/**
 * The owner side of bridging: a client that reached another node joins a session here as a
 * `Connection` over the bus, through the session's own `ServerLink`, so the session assigns its
 * id, relays and enforces its limits exactly as for a local peer. What the session sends goes back
 * to the edge node, which writes it to the client's socket.
 */
export class OwnerBridges {
  private readonly remotes = new Map<string, Remote>();

  constructor(
    private readonly node: string,
    private readonly bus: ClusterBus,
    private readonly server: () => SessionServer | undefined,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.remotes.size;
  }

  /** The edge nodes whose clients are peers here. */
  edges(): string[] {
    return [...new Set([...this.remotes.values()].map((r) => r.edge))];
  }

  receive(frame: Frame): void {
    const key = `${frame.sender}/${frame.connection}`;
    if (frame.kind === FrameKind.JOIN) {
      void this.join(key, frame);
      return;
    }
    const remote = this.remotes.get(key);
    if (!remote?.link) return;
    switch (frame.kind) {
      case FrameKind.OPEN:
        if (remote.state !== "joining") return;
        remote.state = "open";
        remote.link.open(this.connection(remote, this.joins.get(key)!));
        this.joins.delete(key);
        break;
      case FrameKind.BINARY:
        remote.link.message(frame.body.slice());
        break;
      case FrameKind.TEXT:
        remote.link.message(bodyText(frame));
        break;
      case FrameKind.CLOSE: {
        const close = bodyJson<CloseBody>(frame);
        this.forget(remote);
        remote.link.closed(close.code, close.reason);
        break;
      }
      default:
        break;
    }
  }

  /** The edge is gone (its lease expired, or the bus is down): its clients' connections ended without a close frame. */
  closeEdge(edge: string | undefined): number {
    let closed = 0;
    for (const remote of [...this.remotes.values()]) {
      if (edge !== undefined && remote.edge !== edge) continue;
      closed++;
      this.forget(remote);
      remote.link?.closed(1006, "");
    }
    return closed;
  }

  private readonly joins = new Map<string, { protocol: string; join: JoinBody }>();

  private async join(key: string, frame: Frame): Promise<void> {
    const join = bodyJson<JoinBody>(frame);
    const remote: Remote = { key, edge: frame.sender, connection: frame.connection, link: undefined, state: "joining" };
    const reply = (body: object): void => this.bus.send(remote.edge, encodeFrame(FrameKind.DECISION, true, remote.connection, this.node, body));
    const server = this.server();
    if (!server) {
      reply({ accept: false, reason: "the session's node is not ready", status: 503 });
      return;
    }
    this.remotes.set(key, remote);
    const socket = {
      remoteAddress: join.remoteAddress,
      remotePort: join.remotePort,
      abort: () => {
        this.forget(remote);
        this.bus.send(remote.edge, encodeFrame(FrameKind.TERMINATE, true, remote.connection, this.node));
      },
    };
    const route = await server.attach(join.name, socket, this.now() - join.elapsed);
    if ("status" in route) {
      this.forget(remote);
      reply({ accept: false, reason: route.reason, status: route.status });
      return;
    }
    remote.link = route.link;
    const decision = await route.link.upgrade(join.protocols, join.headers, { path: join.path });
    if (!decision.accept) this.forget(remote);
    else this.joins.set(key, { protocol: decision.protocol, join });
    if (remote.state !== "gone" || !decision.accept) reply(decision);
  }

  private connection(remote: Remote, joined: { protocol: string; join: JoinBody }): Connection {
    const send = (kind: FrameKind, body?: Uint8Array | string | object): void => this.bus.send(remote.edge, encodeFrame(kind, true, remote.connection, this.node, body));
    return {
      specVersion: 1,
      send: (data: Payload) => send(typeof data === "string" ? FrameKind.TEXT : FrameKind.BINARY, data),
      close: (code, reason) => send(FrameKind.CLOSE, { code, reason } satisfies CloseBody),
      terminate: () => {
        this.forget(remote);
        send(FrameKind.TERMINATE);
      },
      // What the edge has not written yet is not known here; the edge bounds it (docs/cluster.md).
      bufferedAmount: 0,
      remoteAddress: joined.join.remoteAddress,
      remotePort: joined.join.remotePort,
      protocol: joined.protocol,
      headers: joined.join.headers,
    };
  }

  private forget(remote: Remote): void {
    remote.state = "gone";
    this.remotes.delete(remote.key);
    this.joins.delete(remote.key);
  }
}
