/**
 * What the emulated host saw: every tool call (name, arguments, outcome, duration), every
 * setWidgetState, and the host requests worth knowing about (display mode, links, messages).
 * Shown under each story by <host-emulator-log>.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface LogEntry {
  id: number;
  /** Milliseconds since the story's host started. */
  at: number;
  /** Who made the call: the host kind, or "another client". */
  via: string;
  kind: 'tool' | 'widget-state' | 'host';
  title: string;
  detail: string;
  outcome: 'ok' | 'error' | 'failed' | 'info';
  durationMs?: number;
}

const MAX_ENTRIES = 200;

export class HostLog {
  readonly entries: LogEntry[] = [];
  readonly #started = performance.now();
  readonly #listeners = new Set<() => void>();
  #nextId = 1;

  /** A tool call: its result (isError or not), or the failure that kept it from the server. */
  tool(call: { via: string; name: string; args: unknown; result?: CallToolResult; error?: string; durationMs: number }): void {
    const { result } = call;
    const text = result?.content?.find((block) => block.type === 'text')?.text ?? '(no text)';
    const outcome = call.error ? 'failed' : result?.isError ? 'error' : 'ok';
    const summary = call.error ?? `${result?.isError ? 'isError: ' : ''}${text}`;
    this.#add({ via: call.via, kind: 'tool', title: call.name, detail: `${compact(call.args)} → ${summary}`, outcome, durationMs: call.durationMs });
  }

  widgetState(via: string, state: unknown): void {
    this.#add({ via, kind: 'widget-state', title: 'setWidgetState', detail: compact(state), outcome: 'ok' });
  }

  host(via: string, title: string, detail: unknown = ''): void {
    this.#add({ via, kind: 'host', title, detail: typeof detail === 'string' ? detail : compact(detail), outcome: 'info' });
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  dispose(): void {
    this.#listeners.clear();
  }

  #add(entry: Omit<LogEntry, 'id' | 'at'>): void {
    this.entries.push({ id: this.#nextId++, at: performance.now() - this.#started, ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    for (const fn of this.#listeners) fn();
  }
}

/** JSON on one line, cut to a readable length. */
function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}
