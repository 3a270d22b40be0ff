import type { Payload } from "@wsmp/adapter-browser";
import { toHex } from "../shared/hex.js";
import { el, trimChildren } from "./dom.js";

const MAX_ENTRIES = 300;
const encoder = new TextEncoder();

/**
 * The wire messages of the session, newest last, each with a one-line summary and its bytes in
 * hex. While paused nothing is added (the button counts what was skipped), so an entry can be
 * read without it scrolling away.
 */
export class PacketLog {
  private paused = false;
  private skipped = 0;
  private readonly started = performance.now();

  constructor(
    private readonly list: HTMLOListElement,
    private readonly pauseButton: HTMLButtonElement,
    clearButton: HTMLButtonElement,
  ) {
    pauseButton.addEventListener("click", () => this.setPaused(!this.paused));
    clearButton.addEventListener("click", () => this.list.replaceChildren());
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.skipped = 0;
    this.pauseButton.textContent = paused ? "Resume" : "Pause";
    this.pauseButton.setAttribute("aria-pressed", String(paused));
  }

  add(direction: "in" | "out", data: Payload, summary: string): void {
    if (this.paused) {
      this.skipped++;
      this.pauseButton.textContent = `Resume (${this.skipped} new)`;
      return;
    }
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    const seconds = ((performance.now() - this.started) / 1000).toFixed(3);
    const kind = typeof data === "string" ? "text" : "bin";
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 4;
    this.list.append(
      el(
        "li",
        { "data-direction": direction },
        el("span", { className: direction, text: `${seconds} ${direction === "in" ? "◀ in " : "▶ out"} ${bytes.byteLength} B ${kind} ` }),
        el("span", { text: summary }),
        el("div", { className: "hex", text: toHex(bytes) }),
      ),
    );
    trimChildren(this.list, MAX_ENTRIES);
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}
