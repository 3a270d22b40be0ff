import type { PublicInfo } from "../shared/admin-types.js";
import { byId } from "./dom.js";
import { startPlayView } from "./play-view.js";
import { startServerView } from "./server-view.js";

/** What the server that served the page runs, when the page came from a playground server. */
async function loadInfo(): Promise<PublicInfo | undefined> {
  try {
    const response = await fetch("/info", { cache: "no-store" });
    return response.ok ? ((await response.json()) as PublicInfo) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const info = await loadInfo();
  if (info) byId("server-info").textContent = `server: ${info.runtime}, ${info.dialect}${info.protocols.length ? `, subprotocols ${info.protocols.join(", ")}` : ""}`;
  const serverView = location.pathname === "/server";
  byId(serverView ? "nav-server" : "nav-play").classList.add("active");
  byId(serverView ? "server-view" : "play-view").hidden = false;
  document.title = serverView ? "wsmp playground · server" : "wsmp playground";
  if (serverView) startServerView();
  else startPlayView(info);
}

void main();
