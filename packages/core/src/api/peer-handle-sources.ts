import type { ClientEngine } from "../engine/client-engine.js";
import type { ServerEngine, ServerPeerRecord } from "../engine/server-engine.js";
import { checkClose } from "../shared/close-codes.js";
import { SERVER_PEER_ID } from "../shared/constants.js";
import { type PeerHandleSource, ReadyState } from "./peer-handle.js";

/** What a server's `getPeer(id)` handle reads: the engine's record of that connection. */
export function serverPeerSource(engine: ServerEngine, record: ServerPeerRecord): PeerHandleSource {
  return {
    id: record.id,
    packets: {
      receive: () => record.ownQueue?.shift(),
      receiveData: () => record.ownQueue?.shiftData(),
      get availablePackets() {
        return record.ownQueue?.length ?? 0;
      },
    },
    readyState() {
      switch (record.state) {
        case "pending":
          return ReadyState.CONNECTING;
        case "open":
          return ReadyState.OPEN;
        case "closing":
          return ReadyState.CLOSING;
        default:
          return ReadyState.CLOSED;
      }
    },
    send: (message) => engine.sendTo(record.id, message),
    close(code, reason) {
      checkClose(code, reason);
      engine.disconnectPeer(record.id, { code, reason });
    },
    closeCode: () => record.closeCode,
    closeReason: () => record.closeReason,
    host: () => record.connection?.remoteAddress ?? record.socket.remoteAddress,
    port: () => record.connection?.remotePort ?? record.socket.remotePort,
    protocol: () => record.protocol,
    bufferedAmount: () => (record.state === "open" ? (record.connection?.bufferedAmount ?? 0) : 0),
    bufferedMessages: () => (record.state === "open" ? record.connection?.bufferedMessages : undefined),
    queued: () => record,
    headers: () => record.connection?.headers ?? {},
  };
}

/**
 * What a client's `getPeer(1)` handle reads: the engine's one connection. In raw mode this is
 * where messages are read and written (the client's packet methods answer ERR_UNCONFIGURED, as
 * in Godot 3); `closeWith` is the client's `disconnect`.
 */
export function clientPeerSource(engine: ClientEngine, closeWith: (code: number, reason: string) => void): PeerHandleSource {
  return {
    id: SERVER_PEER_ID,
    packets: engine.inbox,
    readyState() {
      switch (engine.clientState) {
        case "connecting":
          return ReadyState.CONNECTING;
        case "waiting_id":
        case "connected":
          return ReadyState.OPEN;
        case "closing":
          return ReadyState.CLOSING;
        default:
          return ReadyState.CLOSED;
      }
    },
    send: (message) => engine.sendRaw(message),
    close: closeWith,
    closeCode: () => engine.closeInfo.code,
    closeReason: () => engine.closeInfo.reason,
    host: () => engine.currentConnection?.remoteAddress ?? "",
    port: () => engine.currentConnection?.remotePort ?? 0,
    protocol: () => engine.currentConnection?.protocol ?? "",
    bufferedAmount: () => engine.currentConnection?.bufferedAmount ?? 0,
    bufferedMessages: () => engine.currentConnection?.bufferedMessages,
    queued: () => engine.queued,
    headers: () => engine.currentConnection?.headers ?? {},
  };
}
