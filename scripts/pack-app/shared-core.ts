// Three adapters in one program share one @wsmp/core (a peer dependency): the classes they
// re-export are the same objects, so instanceof holds across them. Prints one JSON line.
import * as browser from "@wsmp/adapter-browser";
import * as bun from "@wsmp/adapter-bun";
import * as node from "@wsmp/adapter-node";
import * as core from "@wsmp/core";

const server = node.createServer(0, "127.0.0.1");
await server.listen();
let refused: unknown;
try {
  browser.createServer(0, "127.0.0.1"); // a browser cannot listen: UnsupportedError from the browser adapter
} catch (error) {
  refused = error;
}
const checks = {
  sameServerClass: node.MultiplayerServer === core.MultiplayerServer && browser.MultiplayerServer === core.MultiplayerServer && bun.MultiplayerServer === core.MultiplayerServer,
  nodeServerIsBrowserClass: server instanceof browser.MultiplayerServer && server instanceof bun.MultiplayerServer,
  browserErrorIsNodeClass: refused instanceof node.UnsupportedError && refused instanceof core.WsmpError && node.isWsmpError(refused),
};
await server.close();
console.log(JSON.stringify(checks));
