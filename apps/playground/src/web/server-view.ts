import type { AdminPeer, AdminSession, AdminState } from "../shared/admin-types.js";
import { peerColor } from "./colors.js";
import { byId, el } from "./dom.js";

const POLL_MS = 500;

function age(connectedAt: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - connectedAt) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The server view (`/server`): the peers of every session of the server that served the page,
 * read from its loopback-only admin API twice a second, each with its session and a button that
 * closes it with the chosen close code and reason.
 */
export function startServerView(): void {
  const body = byId("admin-peers").querySelector("tbody");
  if (!body) throw new Error("the peer table has no body");
  const count = byId("admin-count");
  const errorText = byId("admin-error");
  const settings = byId("admin-settings");
  const codeInput = byId<HTMLInputElement>("admin-code");
  const reasonInput = byId<HTMLInputElement>("admin-reason");

  const showError = (message: string | undefined): void => {
    errorText.hidden = message === undefined;
    errorText.textContent = message ?? "";
  };

  async function disconnect(peer: AdminPeer, session: string): Promise<void> {
    try {
      const response = await fetch("/admin/disconnect", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: peer.id, session, code: Number(codeInput.value), reason: reasonInput.value }),
      });
      const answer = (await response.json()) as { error?: string };
      showError(response.ok ? undefined : `disconnect ${peer.id}: ${answer.error ?? response.statusText}`);
    } catch (error) {
      showError(`disconnect ${peer.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    void refresh();
  }

  function row(peer: AdminPeer, session: string): HTMLTableRowElement {
    const button = el("button", { type: "button", "data-disconnect": peer.id, text: "Disconnect" });
    button.addEventListener("click", () => void disconnect(peer, session));
    return el(
      "tr",
      { "data-peer": peer.id, "data-session": session },
      el("td", {}, el("span", { className: "swatch", style: `background:${peerColor(peer.id)}` }), ` ${peer.id}`),
      el("td", { text: peer.address }),
      el("td", { text: peer.port }),
      el("td", { text: peer.protocol || "-" }),
      el("td", { text: peer.queued }),
      el("td", { text: peer.buffered }),
      el("td", { text: age(peer.connectedAt) }),
      el("td", { text: session }),
      el("td", {}, button),
    );
  }

  async function refresh(): Promise<void> {
    try {
      const response = await fetch("/admin/state", { cache: "no-store" });
      if (!response.ok) {
        showError(`the admin API answered ${response.status}: ${(await response.text()).trim()}`);
        return;
      }
      const state = (await response.json()) as AdminState;
      const sessions: readonly AdminSession[] = state.sessions;
      body?.replaceChildren(...sessions.flatMap((session) => session.peers.map((peer) => row(peer, session.name))));
      const peers = sessions.reduce((sum, session) => sum + session.peers.length, 0);
      const queued = sessions.reduce((sum, session) => sum + session.queuedTotal, 0);
      const names = sessions.map((session) => `${session.name}: ${session.peers.length}`).join(", ");
      count.textContent = `(${peers} in ${sessions.length} session${sessions.length === 1 ? "" : "s"}: ${names}; ${queued} packets queued in the server)`;
      settings.textContent = JSON.stringify({ runtime: state.runtime, dialect: state.dialect, port: state.port, ...state.settings }, null, 2);
      if (errorText.textContent?.startsWith("the admin API") || errorText.textContent?.startsWith("cannot reach")) showError(undefined);
    } catch (error) {
      showError(`cannot reach the admin API: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}
