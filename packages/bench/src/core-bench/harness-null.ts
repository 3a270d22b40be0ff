import { MultiplayerServer, type Packet } from "@wsmp/core";
import type { Connection, PendingSocket, ServerLink, ServerTransport } from "@wsmp/core/adapter";

/**
 * The server core alone: connections are plain objects whose `send` only counts, and packets
 * are fed straight into each peer's link, so every byte allocated on the way is the core's.
 * godot4: the application relays with `putPacket` to -from; godot3: the core's own relay.
 */
export interface NullHarness {
  /** Feeds `count` packets (round-robin over the peers); returns how many sends the core made. */
  feed(count: number): number;
  readonly peers: number;
}

export async function createNullHarness(dialect: "godot4" | "godot3", peers: number): Promise<NullHarness> {
  let accept: ((socket: PendingSocket) => ServerLink) | undefined;
  const transport: ServerTransport = {
    specVersion: 1,
    capabilities: { acceptHook: true, silentRefusal: true, outboundMessageCount: true, tls: false, ping: false },
    listen: async (request) => {
      accept = request.accept;
      return { port: 1, address: "127.0.0.1" };
    },
    stop: async () => undefined,
  };
  const runtime = {
    now: () => performance.now(),
    setTimer: (ms: number, fn: () => void) => {
      const timer = setTimeout(fn, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
    random: (words: Uint32Array) => crypto.getRandomValues(words),
  };
  const server = new MultiplayerServer(transport, runtime, { port: 1, dialect });
  await server.listen();
  let sends = 0;
  const links: ServerLink[] = [];
  for (let i = 0; i < peers; i++) {
    const link = accept!({ remoteAddress: "127.0.0.1", remotePort: 10_000 + i, abort() {} });
    const connection: Connection = {
      specVersion: 1,
      send() {
        sends++;
      },
      close() {},
      terminate() {},
      bufferedAmount: 0,
      bufferedMessages: 0,
      remoteAddress: "127.0.0.1",
      remotePort: 10_000 + i,
      protocol: "",
    };
    link.upgrade([], {});
    link.open(connection);
    links.push(link);
  }
  if (dialect === "godot4") {
    server.on("packet", (packet: Packet) => {
      server.targetPeer = -packet.from;
      server.putPacket(packet.data);
    });
  } else server.on("packet", () => undefined);
  // One frame per peer, built once: the benchmark must not allocate on the feeding side.
  const frames = links.map((link) => {
    if (dialect === "godot4") return new Uint8Array(32).fill(7);
    const frame = new Uint8Array(9 + 32).fill(7);
    const view = new DataView(frame.buffer);
    frame[0] = 0;
    view.setInt32(1, link.id, true);
    view.setInt32(5, 0, true);
    return frame;
  });
  return {
    peers,
    feed(count) {
      const before = sends;
      for (let i = 0; i < count; i++) {
        const k = i % peers;
        links[k]!.message(frames[k]!);
      }
      return sends - before;
    },
  };
}
