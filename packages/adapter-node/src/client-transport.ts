import type { Socket } from "node:net";
import type { ClientCapabilities, ClientTransport, ConnectRequest } from "@wsmp/core/adapter";
import { WebSocket } from "ws";
import { createNodeConnection, headerRecord } from "./connection.js";
import { clientTlsOptions } from "./tls.js";

/** Extra request headers as `ws` takes them; a name given twice is sent once with both values. */
function requestHeaders(pairs: ConnectRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const existing = Object.keys(out).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing === undefined) out[name] = value;
    else out[existing] = `${out[existing]}, ${value}`;
  }
  return out;
}

/** The Node client does everything the contract describes. */
export const NODE_CLIENT_CAPABILITIES: ClientCapabilities = Object.freeze({
  customHeaders: true,
  responseHeaders: true,
  tlsOptions: true,
  abruptClose: true,
  protocolCloseCodes: true,
  outboundMessageCount: true,
  ping: true,
});

/**
 * The client side on Node: one `ws` client per connection attempt. Every failure (DNS, refused,
 * TLS, rejected upgrade, subprotocol mismatch) is reported to the link, never thrown.
 */
export function createNodeClientTransport(): ClientTransport {
  return {
    specVersion: 1,
    capabilities: NODE_CLIENT_CAPABILITIES,
    connect(request) {
      const { link } = request;
      let ws: WebSocket;
      try {
        ws = new WebSocket(request.url, [...request.protocols], {
          perMessageDeflate: false,
          maxPayload: request.options.inboundBufferSize,
          headers: requestHeaders(request.headers),
          ...clientTlsOptions(request.tls),
        });
      } catch (error) {
        link.error(error instanceof Error ? error.message : String(error));
        return { abort() {} };
      }
      let socket: Socket | undefined;
      let responseHeaders: Record<string, string> = {};
      const onEarlyError = (error: Error): void => link.error(error.message);
      const onEarlyClose = (code: number, reason: Buffer): void => link.closed(code, reason.toString("utf8"));
      ws.on("error", onEarlyError);
      ws.once("close", onEarlyClose);
      ws.once("upgrade", (response) => {
        socket = response.socket as Socket;
        socket.setNoDelay(true);
        responseHeaders = headerRecord(response.headersDistinct);
      });
      ws.once("open", () => {
        ws.off("error", onEarlyError);
        ws.off("close", onEarlyClose);
        const info = { remoteAddress: socket?.remoteAddress, remotePort: socket?.remotePort, headers: responseHeaders };
        link.open(createNodeConnection(ws, info, link));
      });
      return {
        abort() {
          ws.terminate();
        },
      };
    },
  };
}
