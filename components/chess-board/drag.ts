/**
 * Dragging a piece with any pointer: mouse, touch or pen.
 *
 * A press on a piece starts nothing by itself. Released in place, it is a click, and the browser's
 * own `click` on the square (the click-click path, also what a screen reader's activation sends)
 * picks the piece up or drops it. Only when the pointer travels past a few pixels does the press
 * become a drag: then, and not before, the board captures the pointer (so the drag survives leaving
 * the board), a copy of the piece follows it, and the drop lands on the square under the pointer.
 * Capturing on press would send the click to the board instead of the square: a real mouse's
 * click-click would do nothing.
 */
export interface DragCallbacks {
  /** The drag has begun (the piece is lifted). */
  lift(from: string): void;
  /** The piece was let go over `to` (null: outside the board, or the drag was cancelled). */
  drop(from: string, to: string | null): void;
  /** The square under a point of the viewport. */
  squareAt(x: number, y: number): string | null;
}

/** How far (CSS px) a press travels before it is a drag: a hand's tremor is not a drag. */
const THRESHOLD = { mouse: 4, pen: 6, touch: 10 } as Record<string, number>;

export class PieceDrag {
  #stop: (() => void) | null = null;
  #dragged = false;

  constructor(readonly callbacks: DragCallbacks) {}

  /** True from the start of a drag until the click that follows its drop has passed. */
  get dragging(): boolean {
    return this.#dragged;
  }

  /** Follows the pointer pressed on the piece `cell` shows, on `board`. */
  press(event: PointerEvent, from: string, board: HTMLElement, cell: HTMLElement, layer: Node): void {
    this.cancel();
    const { pointerId } = event;
    const [x0, y0] = [event.clientX, event.clientY];
    const threshold = THRESHOLD[event.pointerType] ?? THRESHOLD.mouse!;
    const size = cell.getBoundingClientRect().width;
    let ghost: HTMLElement | null = null;

    const move = (e: PointerEvent) => {
      if (e.pointerId !== pointerId) return;
      if (!ghost) {
        if (Math.hypot(e.clientX - x0, e.clientY - y0) < threshold) return;
        const piece = cell.querySelector('svg');
        if (!piece) return stop();
        ghost = piece.cloneNode(true) as HTMLElement;
        ghost.classList.add('ghost');
        ghost.style.width = ghost.style.height = `${size}px`;
        layer.appendChild(ghost);
        try {
          board.setPointerCapture(pointerId);
        } catch {
          // The pointer is already gone; its pointerup or pointercancel ends the drag.
        }
        this.#dragged = true;
        this.callbacks.lift(from);
      }
      ghost.style.transform = `translate(${e.clientX - size / 2}px, ${e.clientY - size / 2}px)`;
    };
    const end = (e: PointerEvent) => {
      if (e.pointerId !== pointerId) return;
      const dragged = ghost !== null;
      stop();
      if (!dragged) return; // pressed and released in place: the click that follows does the work
      // Keep `dragging` until the click that follows this pointerup (sent to the board) is ignored.
      setTimeout(() => (this.#dragged = false));
      this.callbacks.drop(from, e.type === 'pointerup' ? this.callbacks.squareAt(e.clientX, e.clientY) : null);
    };
    const stop = () => {
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', end);
      removeEventListener('pointercancel', end);
      ghost?.remove();
      this.#stop = null;
    };
    // On the window: a mouse that leaves the board before the drag begins is not captured yet.
    addEventListener('pointermove', move);
    addEventListener('pointerup', end);
    addEventListener('pointercancel', end);
    this.#stop = stop;
  }

  /** Forgets a press or drag under way (a new press, or the board leaving the page). */
  cancel(): void {
    this.#stop?.();
  }
}
