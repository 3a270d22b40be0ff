import type { ClientEvents, CloseInfo, DropInfo, MultiplayerClient, MultiplayerServer, Packet, ProtocolErrorInfo, ServerEvents } from "@wsmp/core";
import { createEventLog, type EventLog } from "./event-log.js";
import type { ClientHandle, ConnectOutcome, HarnessEvent, ReceiveOptions, ServerHandle, WireCloseInfo, WireData, WirePacket } from "./harness.js";
import { fromWire, toWire } from "./wire.js";

/**
 * Handles over a `MultiplayerServer` / `MultiplayerClient` living in this JavaScript realm.
 * Harnesses for adapters built on @wsmp/core use these directly (in-process) or behind an RPC
 * channel (child process, browser page). Nothing here touches a runtime API beyond timers.
 */

const POLL_MS = 2;

function closeInfo(info: CloseInfo): WireCloseInfo {
  return { code: info.code, reason: info.reason, wasClean: info.wasClean, byServer: info.byServer };
}

function wirePacket(packet: Packet, head: number | undefined): WirePacket {
  const data = packet.data;
  let size: number;
  let wire: WireData;
  if (typeof data === "string") {
    const bytes = new TextEncoder().encode(data);
    size = bytes.byteLength;
    wire = head === undefined || size <= head ? toWire(data) : toWire(bytes.subarray(0, head));
  } else {
    size = data.byteLength;
    wire = toWire(head === undefined ? data : data.subarray(0, head));
  }
  return { from: packet.from, isText: packet.isText, size, data: wire };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Pulls packets from `take` until `max` are collected, waiting up to `waitMs` for the first. */
async function drain(take: () => Packet | undefined, given?: ReceiveOptions | null): Promise<WirePacket[]> {
  const options = given ?? {};
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const out: WirePacket[] = [];
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    while (out.length < max) {
      const packet = take();
      if (!packet) break;
      out.push(wirePacket(packet, options.head));
    }
    if (out.length > 0 || Date.now() >= deadline) return out;
    await sleep(POLL_MS);
  }
}

/** Logs each event of `map` as the harness event its function makes. */
function watch<E>(events: EventLog, on: (name: keyof E & string, listener: (...args: never[]) => void) => void, map: { [K in keyof E & string]?: (...args: never[]) => HarnessEvent }): void {
  for (const name of Object.keys(map) as (keyof E & string)[]) {
    const toEvent = map[name]!;
    on(name, (...args) => events.push(toEvent(...args)));
  }
}

/** The events both sides report the same way, as harness events. */
const SHARED_EVENTS = {
  packet_dropped: ((info: DropInfo) => ({ type: "packet_dropped", peer: info.peer, direction: info.direction, size: info.size, code: info.code })) as never,
  protocol_error: ((info: ProtocolErrorInfo) => ({ type: "protocol_error", peer: info.peer, code: info.code, closeCode: info.closeCode, message: info.message })) as never,
};

/** How a handle sends and receives application packets. */
export interface HandleOptions {
  /**
   * The peer runs Godot 4 SceneMultiplayer: `put` is `send_bytes(data, target)` and `receive`
   * takes what `peer_packet` delivered (binary, in arrival order), as a SceneMultiplayer game does.
   */
  readonly scene?: boolean;
}

/** `peer_packet` payloads of a scene peer, queued until `receive` takes them. */
interface SceneQueue {
  take(): Packet | undefined;
  readonly size: number;
}

function sceneQueue(on: (listener: (from: number, data?: Uint8Array) => void) => void): SceneQueue {
  const queue: Packet[] = [];
  let head = 0;
  on((from, data) => void queue.push({ from, data: data ?? new Uint8Array(0), isText: false, via: from }));
  return {
    take() {
      const packet = queue[head];
      if (packet === undefined) return undefined;
      head++;
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
      }
      return packet;
    },
    get size() {
      return queue.length - head;
    },
  };
}

/** A `ServerHandle` over a server that was created (and is listening) in this realm. */
export async function createServerHandle(server: MultiplayerServer, handleOptions: HandleOptions = {}): Promise<ServerHandle> {
  const events = createEventLog();
  watch<ServerEvents>(events, (name, listener) => server.on(name, listener as never), {
    peer_connected: ((id: number, protocol: string) => ({ type: "peer_connected", id, protocol })) as never,
    peer_disconnected: ((id: number, info: CloseInfo) => ({ type: "peer_disconnected", id, ...closeInfo(info) })) as never,
    client_close_request: ((id: number, code: number, reason: string) => ({ type: "client_close_request", id, code, reason })) as never,
    handshake_failed: ((info: { code: string; reason: string; refusal?: string }) => ({
      type: "handshake_failed",
      code: info.code,
      reason: info.reason,
      ...(info.refusal ? { refusal: info.refusal } : {}),
    })) as never,
    ...SHARED_EVENTS,
    error: ((error: unknown) => ({ type: "error", message: error instanceof Error ? error.message : String(error) })) as never,
  });
  const address = await server.listen();
  const scene = handleOptions.scene ? sceneQueue((listener) => server.on("peer_packet", listener)) : undefined;
  const take = scene ? () => scene.take() : () => server.receive();
  const put = (target: number, data: WireData): number => {
    if (scene) return server.sendBytes(fromWire(data), target);
    server.targetPeer = target;
    return server.putPacket(fromWire(data));
  };
  return {
    port: address.port,
    put: async (target, data) => put(target, data),
    putMany: async (items) => items.map((item) => put(item.target, item.data)),
    receive: (options) => drain(take, options),
    availablePackets: async () => scene?.size ?? server.getAvailablePacketCount(),
    events: (since, waitMs) => events.read(since, waitMs),
    peers: async () => server.peers,
    peer: async (id) => {
      const peer = server.getPeer(id);
      if (!peer) return null;
      return {
        id,
        address: peer.getConnectedHost(),
        port: peer.getConnectedPort(),
        protocol: peer.getSelectedProtocol(),
        headers: { ...peer.headers },
        readyState: peer.getReadyState(),
        closeCode: peer.getCloseCode(),
        closeReason: peer.getCloseReason(),
      };
    },
    disconnectPeer: async (id, how = {}) =>
      how.code !== undefined ? server.disconnectPeer(id, how.code, how.reason ?? "") : server.disconnectPeer(id, how.force ?? false),
    setRefuseNewConnections: async (refuse) => {
      server.refuseNewConnections = refuse;
    },
    refusals: async () => server.refusals,
    close: async () => {
      await server.close();
      events.close();
    },
  };
}

/** A `ClientHandle` over a client created (and connecting) in this realm. */
export function createClientHandle(client: MultiplayerClient, handleOptions: HandleOptions = {}): ClientHandle {
  const events = createEventLog();
  watch<ClientEvents>(events, (name, listener) => client.on(name, listener as never), {
    connected_to_server: ((id: number) => ({ type: "connected_to_server", id })) as never,
    connection_failed: ((f: { code: string; message: string; closeCode: number }) => ({
      type: "connection_failed",
      code: f.code,
      message: f.message,
      closeCode: f.closeCode,
    })) as never,
    server_disconnected: ((info: CloseInfo) => ({ type: "server_disconnected", ...closeInfo(info) })) as never,
    peer_connected: ((id: number) => ({ type: "peer_connected", id })) as never,
    peer_disconnected: ((id: number, info: CloseInfo) => ({ type: "peer_disconnected", id, ...closeInfo(info) })) as never,
    server_close_request: ((code: number, reason: string) => ({ type: "server_close_request", code, reason })) as never,
    close: ((info: CloseInfo) => ({ type: "close", ...closeInfo(info) })) as never,
    ...SHARED_EVENTS,
  });
  const outcome: Promise<ConnectOutcome> = client.connect().then(
    (id) => ({ ok: true, id }),
    (error: unknown) => {
      const e = error as { code?: unknown; message?: unknown };
      return { ok: false, id: 0, code: typeof e.code === "string" ? e.code : "WSMP_ERR_TRANSPORT", message: String(e.message ?? error) };
    },
  );
  const scene = handleOptions.scene ? sceneQueue((listener) => client.on("peer_packet", listener)) : undefined;
  const take = scene ? () => scene.take() : () => client.receive();
  const put = (data: WireData, target?: number): number => {
    if (scene) return client.sendBytes(fromWire(data), target ?? 1);
    if (target !== undefined) client.targetPeer = target;
    return client.putPacket(fromWire(data));
  };
  return {
    connect: () => outcome,
    put: async (data, target) => put(data, target),
    putMany: async (items, target) => items.map((item) => put(item, target)),
    receive: (options) => drain(take, options),
    availablePackets: async () => scene?.size ?? client.getAvailablePacketCount(),
    events: (since, waitMs) => events.read(since, waitMs),
    state: async () => {
      const server = client.getPeer(1);
      return {
        status: client.getConnectionStatus(),
        id: client.getUniqueId(),
        closeCode: client.getCloseCode(),
        closeReason: client.getCloseReason(),
        protocol: client.getSelectedProtocol(),
        headers: client.capabilities.responseHeaders && server ? { ...server.headers } : null,
      };
    },
    disconnect: async (code = 1000, reason = "") => client.disconnect(code, reason),
    // Godot's disconnect_peer(1, true): the socket is dropped with no close frame.
    terminate: async () => {
      if (!client.disconnectPeer(1, true)) await client.close();
    },
    close: async () => {
      await client.close();
      events.close();
    },
  };
}
