import type { Payload } from "@wsmp/core";
import { type ClientCapabilities, type ClientLink, type ClientTransport, type Connection, type ConnectRequest, urlEndpoint } from "@wsmp/core/adapter";
import { BrowserCloseCode, DESTROYED_REASON, toBrowserCloseCode } from "./browser-close-code.js";

/**
 * A browser cannot drop a TCP connection. Like Godot's web export, an abrupt close is a close
 * frame with 3001 "destroyed"; on a socket still connecting it fails the handshake instead.
 */
function destroy(socket: WebSocket): void {
  if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
    socket.close(BrowserCloseCode.DESTROYED, DESTROYED_REASON);
  }
}

function createBrowserConnection(socket: WebSocket, url: string): Connection {
  // Host and port as far as a page can know them: from the URL, not from the socket.
  const { host, port } = urlEndpoint(url);
  return {
    specVersion: 1,
    send(data: Payload) {
      // A Uint8Array view sends exactly its own bytes, whatever buffer it sits in.
      socket.send(data as string | ArrayBufferView<ArrayBuffer>);
    },
    close(code, reason) {
      try {
        socket.close(toBrowserCloseCode(code), reason);
      } catch {
        socket.close(BrowserCloseCode.NORMAL);
      }
    },
    terminate() {
      destroy(socket);
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    remoteAddress: host,
    remotePort: port,
    get protocol() {
      return socket.protocol;
    },
  };
}

function messageText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function attach(socket: WebSocket, url: string, link: ClientLink): void {
  let opened = false;
  socket.binaryType = "arraybuffer";
  socket.onopen = () => {
    opened = true;
    link.open(createBrowserConnection(socket, url));
  };
  socket.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    link.message(typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer));
  };
  // The error event carries nothing a page may read; the close event that follows says it all.
  socket.onerror = null;
  socket.onclose = (event: CloseEvent) => {
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (opened) link.closed(event.code, event.reason);
    else link.error(`the WebSocket to ${url} closed before it opened (close code ${event.code})`);
  };
}

/**
 * A page can send no extra headers, read no response headers, add no CA, drop no socket without
 * a close frame (3001 "destroyed" stands in), and close only with 1000 or 3000-4999 (1009 goes out
 * as 4009, see browser-close-code.ts). It cannot count buffered messages either.
 */
export const BROWSER_CLIENT_CAPABILITIES: ClientCapabilities = Object.freeze({
  customHeaders: false,
  responseHeaders: false,
  tlsOptions: false,
  abruptClose: false,
  protocolCloseCodes: false,
  // The page cannot send pings; it answers the server's pings by itself, so a server heartbeat works.
  ping: false,
  outboundMessageCount: false,
});

/**
 * The client transport on the browser's `WebSocket` (binaryType "arraybuffer"). It turns socket
 * events into core calls and nothing more: limits, ids and timeouts are the core's.
 */
export function createBrowserTransport(): ClientTransport {
  return {
    specVersion: 1,
    capabilities: BROWSER_CLIENT_CAPABILITIES,
    connect(request: ConnectRequest) {
      let socket: WebSocket;
      try {
        socket = request.protocols.length > 0 ? new WebSocket(request.url, [...request.protocols]) : new WebSocket(request.url);
      } catch (error) {
        // A URL the browser refuses (bad port, bad characters) is a failed connection, as in Godot.
        queueMicrotask(() => request.link.error(`cannot open ${request.url}: ${messageText(error)}`));
        return { abort() {} };
      }
      attach(socket, request.url, request.link);
      return { abort: () => destroy(socket) };
    },
  };
}
