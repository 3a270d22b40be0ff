import { peerColor } from "./colors.js";

export interface Dot {
  x: number;
  y: number;
}

/** Fraction of the board one key press moves the dot. */
const STEP = 0.02;
const KEYS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  a: [-1, 0],
  d: [1, 0],
  w: [0, -1],
  s: [0, 1],
};

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * The shared canvas. Every peer's dot is drawn in its colour; the own dot (with a ring) follows
 * the pointer while a button is down, a click, or the arrow keys / WASD. `onMove` reports the own
 * dot's new place; the caller decides when to send it.
 */
export class Board {
  readonly dots = new Map<number, Dot>();
  selfId = -1;
  private readonly context: CanvasRenderingContext2D;
  private dirty = true;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onMove: (dot: Dot) => void,
  ) {
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    this.context = context;
    canvas.addEventListener("pointerdown", (event) => {
      canvas.focus();
      canvas.setPointerCapture(event.pointerId);
      this.moveTo(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (event.buttons !== 0) this.moveTo(event);
    });
    canvas.addEventListener("keydown", (event) => {
      const step = KEYS[event.key];
      if (!step) return;
      event.preventDefault();
      const own = this.own();
      if (own) this.place(own.x + step[0] * STEP, own.y + step[1] * STEP);
    });
  }

  /** The own dot, when connected. */
  own(): Dot | undefined {
    return this.dots.get(this.selfId);
  }

  /** Puts a peer's dot somewhere (or the own one, without reporting it). */
  set(id: number, x: number, y: number): void {
    this.dots.set(id, { x: clamp01(x), y: clamp01(y) });
    this.dirty = true;
  }

  remove(id: number): void {
    if (this.dots.delete(id)) this.dirty = true;
  }

  clear(): void {
    this.dots.clear();
    this.dirty = true;
  }

  /** Redraws when something changed; called from the frame loop. */
  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const { width, height } = this.canvas;
    const c = this.context;
    c.clearRect(0, 0, width, height);
    c.strokeStyle = "#1c2630";
    c.lineWidth = 1;
    for (let x = 0; x <= width; x += 40) {
      c.beginPath();
      c.moveTo(x + 0.5, 0);
      c.lineTo(x + 0.5, height);
      c.stroke();
    }
    for (let y = 0; y <= height; y += 40) {
      c.beginPath();
      c.moveTo(0, y + 0.5);
      c.lineTo(width, y + 0.5);
      c.stroke();
    }
    c.font = "11px system-ui, sans-serif";
    c.textAlign = "center";
    for (const [id, dot] of this.dots) {
      const px = dot.x * width;
      const py = dot.y * height;
      c.fillStyle = peerColor(id);
      c.beginPath();
      c.arc(px, py, 9, 0, Math.PI * 2);
      c.fill();
      if (id === this.selfId) {
        c.strokeStyle = "#ffffff";
        c.lineWidth = 2;
        c.beginPath();
        c.arc(px, py, 13, 0, Math.PI * 2);
        c.stroke();
      }
      c.fillStyle = "#dce4ec";
      c.fillText(id === this.selfId ? `${id} (you)` : String(id), px, py - 16);
    }
  }

  private moveTo(event: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    this.place((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
  }

  private place(x: number, y: number): void {
    if (this.selfId < 0) return;
    this.set(this.selfId, x, y);
    const own = this.own();
    if (own) this.onMove(own);
  }
}
