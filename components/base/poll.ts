import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PollOptions {
  /** ms between runs (0 or less: no polling). Read again by `schedule()`. */
  interval(): number;
  /** One refresh. Skipped while the page is hidden. */
  run(): void | Promise<void>;
}

/**
 * Refreshes on an interval while the widget is on the page, pauses while the page is hidden, and
 * catches up at once when it is shown again. Call `schedule()` when the interval changes.
 */
export class Poll implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    readonly options: PollOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.schedule();
  }

  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Starts over with the current interval. */
  schedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const ms = this.options.interval();
    if (this.#connected && ms > 0) this.#timer = setInterval(this.#tick, ms);
  }

  #tick = () => {
    if (!document.hidden) void this.options.run();
  };

  /** Back from a hidden tab: catch up at once instead of waiting for the next tick. */
  #onVisibility = () => this.#tick();
}
