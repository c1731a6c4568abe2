import { html, type TemplateResult } from 'lit';

/** The event an element inside a widget dispatches to have its root announce a message. */
export const ANNOUNCE_EVENT = 'sky-announce';

/**
 * One polite, atomic live region per widget. Render `announcer.region()` once in the widget root's
 * template; call `announce()` for every async change worth hearing ("Saved", "3 results loaded").
 * The region is emptied first and filled on the next tick, so a screen reader reads a message even
 * when it repeats the previous one.
 */
export class Announcer {
  #region: HTMLElement | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = '';
  #repeated = false;
  #queued = '';

  /** The live region's template; keep it in the DOM from the first render on. */
  region(): TemplateResult {
    return html`<div
      class="sky-visually-hidden"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      part="announcer"
    ></div>`;
  }

  /** Connects the announcer to the rendered region (call once after the first render). */
  attach(region: HTMLElement | null): void {
    this.#region = region;
  }

  /** The message being spoken now (for tests and debugging). */
  get text(): string {
    return this.#region?.textContent?.trim() ?? '';
  }

  /**
   * Says `message`. Messages that come within the same moment (before the region is filled) are
   * said together, in order: "White pawn to e4. Black knight to f6." rather than only the last.
   */
  announce(message: string): void {
    const region = this.#region;
    if (!region || !message) return;
    if (this.#timer !== undefined) message = `${this.#queued} ${message}`;
    clearTimeout(this.#timer);
    this.#queued = message;
    region.textContent = '';
    // A repeated message alternates an invisible suffix, so the region's text always changes.
    this.#repeated = message === this.#last && !this.#repeated;
    this.#last = message;
    const text = this.#repeated ? `${message}\u00a0` : message;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      region.textContent = text;
    }, 50);
  }
}
