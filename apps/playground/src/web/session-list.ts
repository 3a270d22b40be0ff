import type { PublicSession } from "../shared/admin-types.js";
import { el } from "./dom.js";

const POLL_MS = 2000;

/**
 * The sessions panel: the server's sessions (from `GET /sessions`, every two seconds) with their
 * peer counts, each with a Join button, and a name field to join (or create) any session.
 * Joining points the page at `ws://<host>/<name>` and connects.
 */
export function startSessionList(parts: { list: HTMLElement; form: HTMLFormElement; name: HTMLInputElement }, join: (name: string) => void, current: () => string): void {
  async function refresh(): Promise<void> {
    let sessions: PublicSession[];
    try {
      const response = await fetch("/sessions", { cache: "no-store" });
      if (!response.ok) return; // not a playground server: no list
      sessions = (await response.json()) as PublicSession[];
    } catch {
      return;
    }
    parts.list.replaceChildren(
      ...sessions.map((session) => {
        const button = el("button", { type: "button", "data-join": session.name, text: session.name === current() ? "Joined" : "Join", disabled: session.name === current() });
        button.addEventListener("click", () => join(session.name));
        return el("li", { "data-session": session.name }, el("b", { text: session.name }), ` · ${session.peers} peer${session.peers === 1 ? "" : "s"} `, button);
      }),
    );
  }
  parts.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = parts.name.value.trim();
    if (name) join(name);
    void refresh();
  });
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
}

/** The session a ws:// URL's path names ("lobby" for "/"), as the server reads it. */
export function sessionOfUrl(url: string): string {
  const match = /^wss?:\/\/[^/?#]*\/([^/?#]*)/i.exec(url.trim());
  try {
    return decodeURIComponent(match?.[1] ?? "") || "lobby";
  } catch {
    return "";
  }
}
