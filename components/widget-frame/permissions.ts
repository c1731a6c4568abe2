/**
 * What a widget may do through <sky-widget-frame>, and what the user allowed.
 *
 * - A tool whose `_meta.ui.visibility` leaves out `"app"` is refused (the MCP Apps spec: a host
 *   MUST NOT let an app call it), as is a ChatGPT-dialect widget calling a tool marked
 *   `openai/widgetAccessible: false`, and any tool the server does not list.
 * - A read-only tool (`annotations.readOnlyHint: true`) runs without asking.
 * - A write asks the user: Allow once / Always for this widget / Deny. "Always" is remembered per
 *   server + widget + tool (localStorage of the page; memory where storage is blocked).
 * - A destructive write asks every time, with no "Always". MCP's defaults apply: a tool that does
 *   not say it is read-only is a write, and a write that does not say `destructiveHint: false` is
 *   destructive.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

export type ToolKind = 'read' | 'write' | 'destructive';

/** Why a widget may not call a tool at all, or null when it may (perhaps after asking). */
export function refusal(tool: Tool | undefined, name: string, dialect: 'mcp-apps' | 'openai'): string | null {
  if (!tool) return `This server has no tool named "${name.slice(0, 80)}".`;
  const meta = (tool._meta ?? {}) as Record<string, any>;
  const visibility = meta.ui?.visibility;
  if (Array.isArray(visibility) && !visibility.includes('app')) return `${name} is not available to widgets (visibility ${JSON.stringify(visibility)}).`;
  if (dialect === 'openai' && meta['openai/widgetAccessible'] === false) return `${name} is not available to widgets (openai/widgetAccessible is false).`;
  return null;
}

export function toolKind(tool: Tool): ToolKind {
  const hints = tool.annotations ?? {};
  if (hints.readOnlyHint === true) return 'read';
  return hints.destructiveHint === false ? 'write' : 'destructive';
}

/** The user's answer to a prompt. */
export type Decision = 'once' | 'always' | 'deny';

/** Grants a user gave with "Always for this widget". */
export interface GrantStore {
  has(key: string): boolean;
  add(key: string): void;
  /** Forgets every grant (or those whose key starts with `prefix`). */
  clear(prefix?: string): void;
}

export const GRANTS_STORAGE_KEY = 'skylit:widget-frame:grants';

/** The key of one grant: server, widget (its UI resource) and tool. */
export function grantKey(server: string, widget: string, tool: string): string {
  return JSON.stringify([server, widget, tool]);
}

/** Grants kept in the page's localStorage, in memory when storage is blocked. */
export function storedGrants(storage: () => Storage | null = () => localStorage): GrantStore {
  let memory: Set<string> | null = null;
  const read = (): Set<string> => {
    if (memory) return memory;
    try {
      const list: unknown = JSON.parse(storage()?.getItem(GRANTS_STORAGE_KEY) ?? '[]');
      return new Set(Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : []);
    } catch {
      return (memory = new Set());
    }
  };
  const write = (set: Set<string>) => {
    try {
      storage()?.setItem(GRANTS_STORAGE_KEY, JSON.stringify([...set]));
    } catch {
      memory = set;
    }
  };
  return {
    has: (key) => read().has(key),
    add(key) {
      const set = read();
      set.add(key);
      write(set);
    },
    clear(prefix) {
      const set = read();
      for (const key of [...set]) if (!prefix || key.startsWith(prefix)) set.delete(key);
      write(set);
    },
  };
}
