import { peerColor } from "./colors.js";
import { el, trimChildren } from "./dom.js";

const MAX_LINES = 200;

export type ChatMode = "all" | "one" | "except";

/** Godot's target for a chat mode: 0 everyone, `peer` only that one, `-peer` everyone but it. */
export function chatTarget(mode: ChatMode, peer: number): number {
  return mode === "all" ? 0 : mode === "one" ? peer : -peer;
}

function routeLabel(to: number): string {
  return to === 0 ? "everyone" : to > 0 ? `only ${to}` : `all but ${-to}`;
}

export interface ChatElements {
  readonly log: HTMLOListElement;
  readonly form: HTMLFormElement;
  readonly mode: HTMLSelectElement;
  readonly target: HTMLSelectElement;
  readonly text: HTMLInputElement;
  readonly button: HTMLButtonElement;
}

/**
 * Chat with Godot's three routing modes made visible: to everyone, only to one peer, to everyone
 * except one. `send` gets the text and the target; lines received are shown with their sender.
 */
export class Chat {
  private routes = true;

  constructor(
    private readonly ui: ChatElements,
    private readonly send: (text: string, to: number) => boolean,
  ) {
    ui.mode.addEventListener("change", () => this.sync());
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = ui.text.value.trim();
      if (text.length === 0) return;
      const mode = ui.mode.value as ChatMode;
      const to = this.routes ? chatTarget(mode, Number(ui.target.value)) : 0;
      if (mode !== "all" && this.routes && !(Number(ui.target.value) > 0)) return;
      if (this.send(text, to)) {
        this.line("you", -1, text, routeLabel(to));
        ui.text.value = "";
      }
    });
    this.setEnabled(false);
  }

  /** The peers a message can be addressed to. */
  setPeers(ids: readonly number[]): void {
    const keep = this.ui.target.value;
    this.ui.target.replaceChildren(...ids.map((id) => el("option", { value: id, text: id === 1 ? "1 (server)" : String(id) })));
    if (ids.some((id) => String(id) === keep)) this.ui.target.value = keep;
    this.sync();
  }

  setEnabled(enabled: boolean, routes = this.routes): void {
    this.routes = routes;
    this.ui.text.disabled = this.ui.button.disabled = !enabled;
    this.ui.mode.disabled = !enabled || !routes;
    if (!routes) this.ui.mode.value = "all";
    this.sync();
  }

  received(from: number, text: string): void {
    this.line(String(from), from, text, "");
  }

  notice(text: string): void {
    this.ui.log.append(el("li", { className: "route", text }));
    this.scroll();
  }

  private sync(): void {
    this.ui.target.disabled = this.ui.mode.disabled || this.ui.mode.value === "all";
  }

  private line(who: string, from: number, text: string, route: string): void {
    const swatch = el("span", { className: "swatch", style: `background:${from > 0 ? peerColor(from) : "var(--accent)"}` });
    this.ui.log.append(
      el(
        "li",
        { className: "chat-line", "data-from": from > 0 ? from : "self" },
        swatch,
        " ",
        el("b", { text: who }),
        route ? el("span", { className: "route", text: ` → ${route}` }) : "",
        ": ",
        el("span", { className: "text", text }),
      ),
    );
    trimChildren(this.ui.log, MAX_LINES);
    this.scroll();
  }

  private scroll(): void {
    this.ui.log.scrollTop = this.ui.log.scrollHeight;
  }
}
