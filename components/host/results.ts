import { asObject, isObject } from './base-host.ts';
import type { ContentBlock, JsonObject, ToolResult } from './types.ts';

/** The `_meta` key under which a Skylit server names the view, for widget state kept by the bridge. */
export const VIEW_ID_META_KEY = 'skylit/viewId';
/** The `_meta` key naming the widget a result is for (widget state is kept per widget and view). */
export const WIDGET_ID_META_KEY = 'skylit/widgetId';
/**
 * The `_meta` key of a write refused because the record changed meanwhile (its `expectedVersion` is
 * old): the result is `isError` and carries the current record as `structuredContent`.
 */
export const CONFLICT_META_KEY = 'skylit/conflict';

/** The widget a result's `_meta` names (`skylit/widgetId`), if any. */
export function widgetIdOf(meta: JsonObject | null | undefined): string | undefined {
  const id = meta?.[WIDGET_ID_META_KEY];
  return typeof id === 'string' && id ? id : undefined;
}

/**
 * Turns whatever a host returns for a tool call into one shape:
 * `{ structuredContent, content, _meta, isError }`.
 * - A host that drops `structuredContent` (or an old one that returns `{ result: "<json>" }`):
 *   the first text block that parses as a JSON object becomes `structuredContent`.
 * - A broken result (not an object, wrong field types) becomes an empty, non-error result
 *   rather than an exception: the component shows its empty or error view.
 */
export function normalizeToolResult(raw: unknown): ToolResult {
  const result = asObject(raw) ?? {};
  const content: ContentBlock[] = Array.isArray(result.content)
    ? (result.content.filter(isObject) as ContentBlock[])
    : typeof result.result === 'string'
      ? [{ type: 'text', text: result.result }]
      : [];
  let structuredContent = asObject(result.structuredContent);
  for (const block of content) structuredContent ??= parseObject(textOf(block));
  return {
    structuredContent,
    content,
    _meta: asObject(result._meta),
    isError: result.isError === true,
  };
}

/** The text of a result's content blocks, joined: what a tool said to the model, e.g. for an error view. */
export function resultText(result: ToolResult): string {
  return result.content.map(textOf).filter(Boolean).join('\n');
}

/** The text of a text block, else undefined. */
function textOf(block: ContentBlock): string | undefined {
  return block.type === 'text' && typeof block.text === 'string' ? block.text : undefined;
}

/** The JSON object a text holds, or null. */
function parseObject(text: string | undefined): JsonObject | null {
  if (!text?.trim().startsWith('{')) return null;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * A fresh idempotency key for one intended write (a random UUID v4), to pass as a tool's
 * `requestId`. Works outside secure contexts too (a page on plain http), where
 * `crypto.randomUUID` does not exist but `crypto.getRandomValues` does.
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
