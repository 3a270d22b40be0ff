import { peerColor } from "./colors.js";
import type { Dot } from "./board.js";
import { el } from "./dom.js";

function formatDot(dot: Dot | undefined): string {
  return dot ? `${dot.x.toFixed(2)}, ${dot.y.toFixed(2)}` : "";
}

/**
 * The peers the protocol announced, each with its colour and last known dot. The own entry is
 * marked "(you)" and the server "(server)". Every row carries `data-peer` for scripts and tests.
 */
export class PeerList {
  private readonly ids = new Set<number>();
  selfId = -1;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly count: HTMLElement,
    private readonly changed: (ids: readonly number[]) => void,
    private readonly dotOf: (id: number) => Dot | undefined,
  ) {}

  has(id: number): boolean {
    return this.ids.has(id);
  }

  /** Other peers, in join order (the server first when known). */
  others(): number[] {
    return [...this.ids].filter((id) => id !== this.selfId);
  }

  add(id: number): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.render();
  }

  remove(id: number): void {
    if (this.ids.delete(id)) this.render();
  }

  clear(): void {
    this.ids.clear();
    this.render();
  }

  /** Shows where a peer's dot is. */
  position(id: number): void {
    const cell = this.list.querySelector<HTMLElement>(`li[data-peer="${id}"] .pos`);
    if (cell) cell.textContent = formatDot(this.dotOf(id));
  }

  private render(): void {
    const rows = [...this.ids].map((id) => {
      const note = id === this.selfId ? " (you)" : id === 1 ? " (server)" : "";
      return el(
        "li",
        { "data-peer": id },
        el("span", { className: "swatch", style: `background:${peerColor(id)}` }),
        el("span", { className: "id", text: `${id}${note}` }),
        el("span", { className: "pos", text: formatDot(this.dotOf(id)) }),
      );
    });
    this.list.replaceChildren(...rows);
    this.count.textContent = `(${this.ids.size})`;
    this.changed(this.others());
  }
}
