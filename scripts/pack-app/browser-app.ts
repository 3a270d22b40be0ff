// A page's program, with a bundler's resolution and the DOM library. Only type-checked.
import { createClient, MultiplayerClient, toBrowserCloseCode, UnsupportedError } from "@wsmp/adapter-browser";
import * as single from "@wsmp/adapter-browser/wsmp-browser.min.js";

const client: MultiplayerClient = createClient("ws://localhost:8910");
client.on("packet", ({ from, data }) => console.log(from, typeof data === "string" ? data : data.byteLength));
const code: number = toBrowserCloseCode(1001);
const same: typeof createClient = single.createClient;
document.title = String(code);
// @ts-expect-error a client has no listen()
client.listen();
export { same, UnsupportedError };
