import type { ReactiveController } from 'lit';
import { errorMessage } from '../host/base-host.ts';
import type { JsonObject } from '../host/types.ts';
import type { SkyWidgetElement } from './widget-element.ts';

/**
 * Tier-1 UI state (selection, drafts, a flipped board), kept by the host: ChatGPT keeps it itself;
 * elsewhere the bridge keeps it in storage by widget and view. Changes are read-modify-write against
 * the latest state (so two parts of a widget never undo each other), and drafts can be saved while
 * the user types (`updateSoon`, flushed before the widget goes away). A state over the size guard
 * (16 KB) is refused and said, and the old state stays.
 */
export class WidgetState implements ReactiveController {
  #patch: JsonObject | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopTeardown: (() => void) | undefined;

  constructor(readonly widget: SkyWidgetElement) {
    widget.addController(this);
  }

  /** The state now (with changes still waiting to be saved). */
  get value(): JsonObject {
    return merge(this.widget.snapshot?.widgetState ?? {}, this.#patch ?? {});
  }

  /** One key of the state. */
  get<T = unknown>(key: string): T | undefined {
    return this.value[key] as T | undefined;
  }

  /** Merges `patch` (a key set to undefined is removed) into the latest state and saves it now. */
  async update(patch: JsonObject): Promise<boolean> {
    this.#patch = merge(this.#patch ?? {}, patch, true);
    return this.flush();
  }

  /** The same, saved after `delayMs` without further changes: for drafts as the user types. */
  updateSoon(patch: JsonObject, delayMs = 400): void {
    this.#patch = merge(this.#patch ?? {}, patch, true);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), delayMs);
    // Saved before the host removes the widget, too.
    this.#stopTeardown ??= this.widget.host?.onTeardown(async () => void (await this.flush()));
    this.widget.requestUpdate();
  }

  /** Saves the changes waiting, if any. Resolves false (and says why) when the host refused them. */
  async flush(): Promise<boolean> {
    clearTimeout(this.#timer);
    const patch = this.#patch;
    const host = this.widget.host;
    if (!patch || !host) return true;
    this.#patch = null;
    try {
      await host.setWidgetState(merge(host.snapshot.widgetState ?? {}, patch));
      return true;
    } catch (error) {
      this.widget.announce(`Could not keep this: ${errorMessage(error)}`);
      return false;
    }
  }

  hostDisconnected(): void {
    this.#stopTeardown?.();
    this.#stopTeardown = undefined;
    void this.flush();
  }
}

/** `base` with `patch` over it; keys set to undefined are removed (kept as undefined when `keepUndefined`, to remove later). */
function merge(base: JsonObject, patch: JsonObject, keepUndefined = false): JsonObject {
  const out: JsonObject = { ...base, ...patch };
  if (!keepUndefined) for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}
