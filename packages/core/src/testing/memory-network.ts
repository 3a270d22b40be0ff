import { type Payload, payloadLength } from "../shared/bytes.js";
import type { ClientLink, Connection, ServerLink, UpgradeDecision } from "../contract/connection.js";
import { CloseCode } from "../shared/constants.js";
import { ErrorCode, WsmpError } from "../shared/errors.js";
import type { ClientCapabilities, ClientTransport, ConnectRequest, ListenRequest, ListenResult, ServerCapabilities, ServerTransport } from "../contract/transport.js";
import type { FanOut } from "../contract/fan-out.js";

type Frame =
  | { readonly kind: "message"; readonly data: Payload }
  | { readonly kind: "close"; readonly code: number; readonly reason: string }
  | { readonly kind: "pong" }
  | { readonly kind: "drop" };

interface Side {
  readonly name: "client" | "server";
  link: ServerLink | ClientLink | undefined;
  peer: Side | undefined;
  /** Bytes and messages this side sent that the other side has not received yet. */
  bufferedBytes: number;
  bufferedMessages: number;
  sentClose: boolean;
  gotClose: { code: number; reason: string } | undefined;
  done: boolean;
  /** This end never answers pings (a peer whose process hangs while its socket stays up). */
  deaf: boolean;
  readonly address: string;
  readonly port: number;
}

interface Delivery {
  readonly from: Side;
  readonly frame: Frame;
}

/** Options of an in-memory connection attempt. */
export interface MemoryConnectOptions {
  /** Open the TCP side but never send the upgrade (to test handshake timeouts). */
  readonly neverUpgrade?: boolean;
  /** The client side never answers pings (to test the heartbeat). */
  readonly deaf?: boolean;
  /** Request headers the client sends besides `handshakeHeaders` (e.g. an `origin`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The request path (default: the URL's path and query, "/" when it has none). */
  readonly path?: string;
  /** The client's address as the server sees it (default 127.0.0.1). */
  readonly address?: string;
}

/**
 * The in-memory network has no TCP accept, answers a refused upgrade with nothing, counts
 * buffered messages and has a fan-out (unless the network is made with `{ fanOut: false }`).
 */
export const MEMORY_SERVER_CAPABILITIES: ServerCapabilities = Object.freeze({ acceptHook: false, silentRefusal: true, outboundMessageCount: true, tls: false, ping: true, fanOut: true });
const MEMORY_SERVER_CAPABILITIES_ONE_BY_ONE: ServerCapabilities = Object.freeze({ ...MEMORY_SERVER_CAPABILITIES, fanOut: false });

/** Options of a `MemoryNetwork`. */
export interface MemoryNetworkOptions {
  /**
   * Server connections carry a fan-out (`Connection.fanOut`): a group send is one `send` per
   * member in the order they joined, so the engine's group logic runs as on Node and Bun. Default true.
   */
  readonly fanOut?: boolean;
}

/** A fan-out whose group sends are each member's own `send`, in the order the members joined. */
function memoryFanOut(): FanOut {
  return {
    createGroup() {
      const members = new Set<Connection>();
      return {
        add: (connection) => void members.add(connection),
        delete: (connection) => void members.delete(connection),
        send(data, except) {
          for (const member of members) if (member !== except) member.send(data);
        },
      };
    },
  };
}
export const MEMORY_CLIENT_CAPABILITIES: ClientCapabilities = Object.freeze({
  customHeaders: true,
  responseHeaders: true,
  tlsOptions: true,
  abruptClose: true,
  protocolCloseCodes: true,
  outboundMessageCount: true,
  ping: true,
});

/**
 * An in-memory network of wsmp transports. Nothing is delivered until `flush()`, so tests
 * control interleaving; bytes in flight count as the sender's `bufferedAmount`, which makes
 * the outbound limits testable. Closing handshakes, abrupt drops and upgrade rejection behave
 * as on a real WebSocket.
 */
export class MemoryNetwork {
  private readonly servers = new Map<number, ListenRequest>();
  /** The fan-out of the server listening on each port (when the network has fan-outs). */
  private readonly fanOuts = new Map<number, FanOut>();
  private readonly withFanOut: boolean;
  private readonly queue: Delivery[] = [];
  private nextPort = 40000;
  private nextClientPort = 50000;
  /** When false, `flush` delivers nothing (the wire is stalled) and bytes stay buffered. */
  flowing = true;

  constructor(options: MemoryNetworkOptions = {}) {
    this.withFanOut = options.fanOut ?? true;
  }

  /** A server transport bound on this network. Port 0 picks a free port. */
  serverTransport(): ServerTransport {
    let bound: number | undefined;
    return {
      specVersion: 1,
      capabilities: this.withFanOut ? MEMORY_SERVER_CAPABILITIES : MEMORY_SERVER_CAPABILITIES_ONE_BY_ONE,
      listen: async (request: ListenRequest): Promise<ListenResult> => {
        const port = request.port === 0 ? this.nextPort++ : request.port;
        if (this.servers.has(port)) {
          throw new WsmpError(ErrorCode.TRANSPORT, `port ${port} is already in use`, { godotError: 22 });
        }
        this.servers.set(port, request);
        if (this.withFanOut) this.fanOuts.set(port, memoryFanOut());
        bound = port;
        return { port, address: request.bindAddress === "*" ? "::" : request.bindAddress };
      },
      stop: async () => {
        if (bound !== undefined) {
          this.servers.delete(bound);
          this.fanOuts.delete(bound);
        }
        bound = undefined;
      },
    };
  }

  clientTransport(connectOptions: MemoryConnectOptions = {}): ClientTransport {
    return {
      specVersion: 1,
      capabilities: MEMORY_CLIENT_CAPABILITIES,
      connect: (request: ConnectRequest) => this.connect(request, connectOptions),
    };
  }

  /** Delivers queued frames until nothing is left. Returns how many were delivered. */
  flush(): number {
    let n = 0;
    while (this.flowing && this.queue.length > 0) {
      const { from, frame } = this.queue.shift()!;
      n++;
      this.deliver(from, frame);
    }
    return n;
  }

  /** Frames waiting to be delivered. */
  get inFlight(): number {
    return this.queue.length;
  }

  private connect(request: ConnectRequest, connectOptions: MemoryConnectOptions): { abort(): void } {
    const port = Number(/:(\d+)/.exec(request.url.replace(/^wss?:\/\//, ""))?.[1] ?? 80);
    // Each side holds its own local endpoint: the client an ephemeral port, the server its listening port.
    const client = this.side("client", connectOptions.address ?? "127.0.0.1", this.nextClientPort++);
    client.deaf = connectOptions.deaf === true;
    const server = this.side("server", "127.0.0.1", port);
    client.peer = server;
    server.peer = client;
    client.link = request.link;
    const listener = this.servers.get(port);
    if (!listener) {
      client.done = true;
      request.link.error(`connect ECONNREFUSED 127.0.0.1:${port}`);
      return { abort() {} };
    }
    const abort = (): void => this.dropBoth(client);
    const serverLink = listener.accept({ remoteAddress: client.address, remotePort: client.port, abort: () => this.dropBoth(server) });
    server.link = serverLink;
    if (connectOptions.neverUpgrade) return { abort };
    const headers: Record<string, string> = { ...connectOptions.headers };
    for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
    const decision = serverLink.upgrade(request.protocols, headers, { path: connectOptions.path ?? urlPath(request.url) });
    if ("then" in decision) void decision.then((answer) => this.upgraded(request, client, server, headers, answer));
    else this.upgraded(request, client, server, headers, decision);
    return { abort };
  }

  private upgraded(request: ConnectRequest, client: Side, server: Side, headers: Record<string, string>, decision: UpgradeDecision): void {
    const serverLink = server.link as ServerLink;
    if (!decision.accept || server.done) {
      if (!client.done) {
        client.done = true;
        request.link.error(`handshake rejected: ${decision.accept ? "socket closed" : decision.reason}`);
      }
      server.done = true;
      return;
    }
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of decision.headers) responseHeaders[name.toLowerCase()] = value;
    serverLink.open(this.connection(server, decision.protocol, headers, this.fanOuts.get(server.port)));
    if (!client.done) request.link.open(this.connection(client, decision.protocol, responseHeaders));
  }

  private side(name: "client" | "server", address: string, port: number): Side {
    return { name, link: undefined, peer: undefined, bufferedBytes: 0, bufferedMessages: 0, sentClose: false, gotClose: undefined, done: false, deaf: false, address, port };
  }

  private connection(side: Side, protocol: string, headers: Record<string, string>, fanOut?: FanOut): Connection {
    const remote = side.peer!;
    const net = this;
    return {
      specVersion: 1,
      send(data) {
        if (side.done || side.sentClose) return;
        side.bufferedBytes += payloadLength(data);
        side.bufferedMessages++;
        net.queue.push({ from: side, frame: { kind: "message", data } });
      },
      close(code, reason) {
        if (side.done || side.sentClose) return;
        side.sentClose = true;
        net.queue.push({ from: side, frame: { kind: "close", code, reason } });
      },
      terminate() {
        net.dropBoth(side);
      },
      ping() {
        // The remote end answers with a pong (unless it is deaf), which travels like any frame.
        if (!side.done && !side.sentClose && !remote.deaf) net.queue.push({ from: remote, frame: { kind: "pong" } });
      },
      get bufferedAmount() {
        return side.bufferedBytes;
      },
      get bufferedMessages() {
        return side.bufferedMessages;
      },
      remoteAddress: remote.address,
      remotePort: remote.port,
      protocol,
      headers,
      ...(fanOut ? { fanOut } : {}),
    };
  }

  private deliver(from: Side, frame: Frame): void {
    const to = from.peer!;
    if (frame.kind === "message") {
      from.bufferedBytes -= payloadLength(frame.data);
      from.bufferedMessages--;
      if (!to.done && !to.gotClose) to.link?.message(frame.data);
      return;
    }
    if (frame.kind === "pong") {
      if (!to.done) to.link?.pong();
      return;
    }
    if (frame.kind === "drop") {
      if (!to.done) {
        to.done = true;
        to.link?.closed(CloseCode.ABNORMAL, "");
      }
      return;
    }
    if (to.done) return;
    to.gotClose = { code: frame.code, reason: frame.reason };
    if (!to.sentClose) {
      // Echo the close frame, as WebSocket libraries do, then both ends are closed.
      to.sentClose = true;
      this.queue.push({ from: to, frame: { kind: "close", code: frame.code, reason: frame.reason } });
    }
    if (from.gotClose) {
      // Both close frames exchanged.
      this.finish(from, from.gotClose.code, from.gotClose.reason);
      this.finish(to, frame.code, frame.reason);
    }
  }

  private finish(side: Side, code: number, reason: string): void {
    if (side.done) return;
    side.done = true;
    side.link?.closed(code, reason);
  }

  /** Abrupt close started by `side`: it learns at once, the other end when the drop arrives. */
  private dropBoth(side: Side): void {
    if (side.done) return;
    side.done = true;
    side.link?.closed(CloseCode.ABNORMAL, "");
    this.queue.push({ from: side, frame: { kind: "drop" } });
  }
}

/** The path and query of a ws:// URL, "/" when it has none. */
function urlPath(url: string): string {
  const match = /^wss?:\/\/[^/?#]*([^#]*)/i.exec(url);
  const path = match?.[1] ?? "";
  return path === "" ? "/" : path.startsWith("/") ? path : `/${path}`;
}
