import { MultiplayerServer, type Packet } from "@wsmp/core";
import { type Connection, createSceneServer, type FanOut, type PendingSocket, type ServerLink, type ServerTransport } from "@wsmp/core/adapter";

/**
 * The server core alone: connections are plain objects whose `send` only counts, with a fan-out
 * whose group send counts one delivery per receiver (the path Node and Bun take), and packets
 * are fed straight into each peer's link, so every byte allocated on the way is the core's.
 * The application reads packets as `consumer` says: "pull" drains them with Godot's
 * `getPacketPeer` / `getPacket` after each message (what a Godot-style loop does), "push"
 * takes them from a `packet` listener (one `Packet` object each, which a listener may keep).
 * godot4: the application relays with `putPacket` to -from; godot3: the core's own relay (the
 * application reads the server's own copy);
 * rpc: Godot 4 RPCs (scene option): each packet is a call of `move(Vector2(1.5, -2.25), 7)` on a
 * declared node in the compact form, which the server decodes, checks and answers with an RPC
 * `state(int, Vector2)` to the caller (one decode and one encode with Variant arguments).
 */
export interface NullHarness {
  /** Feeds `count` packets (round-robin over the peers); returns how many sends the core made. */
  feed(count: number): number;
  readonly peers: number;
}

export type HarnessDialect = "godot4" | "godot3" | "rpc";
export type HarnessConsumer = "pull" | "push";

/** World's methods in the rpc harness; ids by code point: move 0, state 1. */
const WORLD = { rpc: { move: { mode: "any_peer", args: ["Vector2", "int"] }, state: { mode: "authority", args: ["int", "Vector2"] } } } as const;
/** SIMPLIFY_PATH of Game/World as cache id 1, with WORLD's checksum. */
function simplifyWorld(checksum: string): Uint8Array {
  const path = new TextEncoder().encode("Game/World\0");
  const out = new Uint8Array(38 + path.length);
  out[0] = 1;
  out.set(new TextEncoder().encode(checksum), 1);
  out[34] = 1;
  out.set(path, 38);
  return out;
}

export async function createNullHarness(dialect: HarnessDialect, peers: number, consumer: HarnessConsumer = "pull"): Promise<NullHarness> {
  let accept: ((socket: PendingSocket) => ServerLink) | undefined;
  const transport: ServerTransport = {
    specVersion: 1,
    capabilities: { acceptHook: true, silentRefusal: true, outboundMessageCount: true, tls: false, ping: false, fanOut: true },
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
  const server = new MultiplayerServer(transport, runtime, { port: 1, dialect: dialect === "rpc" ? createSceneServer(true) : dialect });
  await server.listen();
  let sends = 0;
  const fanOut: FanOut = {
    createGroup() {
      let members = 0;
      return {
        add: () => void members++,
        delete: () => void members--,
        send: (_data, except) => void (sends += except === undefined ? members : members - 1),
      };
    },
  };
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
      fanOut,
    };
    link.upgrade([], {});
    link.open(connection);
    links.push(link);
  }
  if (dialect === "rpc") {
    const world = server.node("Game/World", WORLD);
    world.on("move", (from, v, n) => world.rpcId(from, "state", Number(n) + 1, v));
    for (const link of links) link.message(simplifyWorld(world.checksum));
  } else if (consumer === "push" && dialect === "godot4") {
    server.on("packet", (packet: Packet) => {
      server.targetPeer = -packet.from;
      server.putPacket(packet.data);
    });
  } else if (consumer === "push") server.on("packet", () => undefined);
  const drain =
    dialect === "rpc" || consumer === "push"
      ? () => undefined
      : dialect === "godot4"
        ? () => {
            while (server.getAvailablePacketCount() > 0) {
              server.targetPeer = -server.getPacketPeer();
              server.putPacket(server.getPacket()!);
            }
          }
        : () => {
            while (server.getPacket() !== undefined);
          };
  // One frame per peer, built once: the benchmark must not allocate on the feeding side.
  // rpc: meta 00, node #1, method 0 (move), argc 2, Vector2(1.5, -2.25), int 7.
  const call = Uint8Array.of(0x00, 0x01, 0x00, 0x02, 0x05, 0, 0, 0, 0, 0, 0xc0, 0x3f, 0, 0, 0x10, 0xc0, 0x02, 0x07);
  const frames = links.map((link) => {
    if (dialect === "rpc") return call;
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
        drain();
      }
      return sends - before;
    },
  };
}
