import type { IncomingMessage, ServerResponse } from "node:http";
import { createNodeServerTransport, nodeRuntime } from "@wsmp/adapter-node";
import { startSessionServer } from "@wsmp/core/adapter";
import type { HttpHandler, RuntimeHost } from "./host.js";

const MAX_BODY = 16 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function serve(handler: HttpHandler, req: IncomingMessage, res: ServerResponse): void {
  const address = req.socket.remoteAddress ?? "";
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  handler({ method: req.method ?? "GET", url: req.url ?? "/", remoteAddress: address, header, body: () => readBody(req) })
    .then((answer) => {
      // One request per connection: the core counts every TCP connection as a pending peer
      // until its handshake timeout, so a kept-alive page connection would be cut mid-use.
      res.writeHead(answer.status, { ...answer.headers, connection: "close" });
      res.end(req.method === "HEAD" ? undefined : answer.body);
    })
    .catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain", connection: "close" });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
}

/** The Node adapter, with plain HTTP answered through its `onRequest` hook. */
export const nodeHost: RuntimeHost = {
  name: "node",
  createSessionServer(port, bindAddress, options, http) {
    const transport = createNodeServerTransport({ onRequest: (req, res) => serve(http, req, res) });
    return startSessionServer(transport, nodeRuntime, port, bindAddress, undefined, options);
  },
};
