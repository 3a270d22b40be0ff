import { type BunSocket, bunGlobal } from "./bun-types.js";
import { announce, OUTBOUND_LIMIT, parseMode, serveControl } from "./control.js";

/**
 * The raw Bun.serve baseline. Relay mode has two variants: "send" loops over the other sockets
 * (as the ws baseline does), "publish" subscribes every socket to one topic and lets Bun fan out.
 * Echo mode sends each message back. `backpressureLimit` gives the same 64 KiB outbound cap as
 * wsmp's default: sends beyond it are dropped.
 */
const mode = parseMode(process.argv[2]);
const variant = process.argv[3] === "publish" ? "publish" : "send";
const TOPIC = "relay";
const sockets = new Set<BunSocket>();

const server = bunGlobal().serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request, srv) {
    if (srv.upgrade(request)) return undefined;
    return new Response("websocket only", { status: 400 });
  },
  websocket: {
    perMessageDeflate: false,
    backpressureLimit: OUTBOUND_LIMIT,
    closeOnBackpressureLimit: false,
    maxPayloadLength: 65535,
    idleTimeout: 0,
    open(ws) {
      if (variant === "publish") ws.subscribe(TOPIC);
      else sockets.add(ws);
    },
    close(ws) {
      sockets.delete(ws);
    },
    message(ws, data) {
      if (mode === "echo") {
        ws.send(data);
        return;
      }
      if (variant === "publish") {
        ws.publish(TOPIC, data);
        return;
      }
      for (const other of sockets) if (other !== ws) other.send(data);
    },
  },
});

announce(server.port);
serveControl(() => server.stop(true));
