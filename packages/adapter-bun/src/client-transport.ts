import { type ClientCapabilities, type ClientTransport, type ConnectRequest, urlEndpoint } from "@wsmp/core/adapter";
import { createBunConnection, toBytes } from "./connection.js";
import { clientTls } from "./tls.js";

/** Bun's client sends extra headers and takes TLS options, but does not show the 101 response headers. */
export const BUN_CLIENT_CAPABILITIES: ClientCapabilities = Object.freeze({
  customHeaders: true,
  responseHeaders: false,
  tlsOptions: true,
  abruptClose: true,
  protocolCloseCodes: true,
  outboundMessageCount: false,
  ping: true,
});

/**
 * The client side on Bun: its global `WebSocket`, which takes extra request headers and TLS
 * options. Every failure is reported to the link, never thrown. Bun's client does not expose
 * the 101 response headers, so `Connection.headers` stays undefined.
 */
export function createBunClientTransport(): ClientTransport {
  return {
    specVersion: 1,
    capabilities: BUN_CLIENT_CAPABILITIES,
    connect(request: ConnectRequest) {
      const { link } = request;
      let ws: WebSocket;
      try {
        const tls = clientTls(request.tls);
        ws = new WebSocket(request.url, {
          protocols: [...request.protocols],
          headers: request.headers.map(([name, value]): [string, string] => [name, value]),
          perMessageDeflate: false,
          ...(tls ? { tls } : {}),
        });
      } catch (error) {
        link.error(error instanceof Error ? error.message : String(error));
        return { abort() {} };
      }
      ws.binaryType = "arraybuffer";
      const endpoint = urlEndpoint(request.url);
      ws.addEventListener("open", () => {
        const connection = createBunConnection(ws, { send: (data) => ws.send(data), bufferedAmount: () => ws.bufferedAmount, ping: () => ws.ping() }, {
          remoteAddress: endpoint.host,
          remotePort: endpoint.port,
          protocol: ws.protocol,
          headers: undefined,
        });
        link.open(connection);
      });
      ws.addEventListener("message", (event) => {
        const data = event.data as string | ArrayBuffer;
        link.message(typeof data === "string" ? data : toBytes(data));
      });
      ws.addEventListener("error", (event) => {
        if (ws.readyState === WebSocket.CONNECTING) link.error((event as ErrorEvent).message || "connection failed");
      });
      ws.addEventListener("close", (event) => link.closed(event.code, event.reason));
      ws.addEventListener("pong", () => link.pong());
      return {
        abort() {
          ws.terminate();
        },
      };
    },
  };
}
