import { asObject } from './base-host.ts';
import type { JsonObject } from './types.ts';

const KEY_PREFIX = 'skylit:widget-state:';

/**
 * Widget state for hosts that keep none (MCP Apps, a plain page): saved in `localStorage` under
 * `skylit:widget-state:<widgetId>:<viewId>[:<scope>]` — the widget and the view the server names in
 * the tool result's `_meta`, and which instance of it — so it survives a reload of the same view, and
 * two widgets on one origin never share drafts. Falls back to memory when storage throws (sandboxed frames without
 * `allow-same-origin`) or when no view id is known yet.
 */
export class StoredWidgetState {
  #memory = new Map<string, JsonObject>();
  #viewId: string | null = null;

  /**
   * Switches to the state of `viewId` of `widgetId`, returning what was saved for it (or null).
   * `scope` tells two instances of one view apart (the tool call that opened it, or the widget's
   * place on a plain page). State set before any view id was known is carried over to the first view
   * that has none saved.
   */
  load(viewId: string, widgetId = 'widget', scope?: string | null): JsonObject | null {
    const unkeyed = this.#viewId ? undefined : this.#memory.get('');
    viewId = `${widgetId}:${viewId}${scope ? `:${scope}` : ''}`;
    this.#viewId = viewId;
    const saved = this.#memory.get(viewId) ?? this.#read(viewId);
    if (saved) return saved;
    if (unkeyed) this.save(unkeyed);
    return unkeyed ?? null;
  }

  #read(viewId: string): JsonObject | null {
    try {
      const text = localStorage.getItem(KEY_PREFIX + viewId);
      const value: unknown = text ? JSON.parse(text) : null;
      return asObject(value);
    } catch {
      return null;
    }
  }

  /** Saves `state` for the current view: storage when it works, memory always. */
  save(state: JsonObject): void {
    const key = this.#viewId ?? '';
    this.#memory.set(key, state);
    if (!this.#viewId) return;
    try {
      localStorage.setItem(KEY_PREFIX + this.#viewId, JSON.stringify(state));
    } catch {
      // Storage blocked or full: memory keeps the state for this page's life.
    }
  }
}
