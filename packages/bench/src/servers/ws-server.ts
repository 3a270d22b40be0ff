import { type WebSocket, WebSocketServer } from "ws";
import { announce, OUTBOUND_LIMIT, parseMode, serveControl } from "./control.js";

/**
 * The raw `ws` baseline: what a user would write by hand. Relay mode sends every message to
 * every other socket; echo mode sends it back. Like wsmp's default outbound limit, a send is
 * skipped while more than 64 KiB wait for that socket, so a slow reader cannot grow the
 * server's memory without bound.
 */
const mode = parseMode(process.argv[2]);
const sockets = new Set<WebSocket>();
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, clientTracking: false, maxPayload: 65535 });

server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  socket.on("error", () => sockets.delete(socket));
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    if (mode === "echo") {
      socket.send(data, { binary: isBinary });
      return;
    }
    for (const other of sockets) {
      if (other === socket || other.readyState !== 1) continue;
      if (other.bufferedAmount + data.length > OUTBOUND_LIMIT) continue;
      other.send(data, { binary: isBinary });
    }
  });
});

server.on("listening", () => {
  const address = server.address();
  if (typeof address === "object" && address) announce(address.port);
});

serveControl(
  () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.terminate();
      server.close(() => resolve());
    }),
);
