/**
 * Tool results, built one way: `content` (a short text for the model), `structuredContent` (the
 * view, checked against the tool's output schema and a size guard) and `_meta` (widget-only detail,
 * with the view id the host bridge keys widget state by).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { VIEW_ID_META_KEY, WIDGET_ID_META_KEY } from '../components/host/results.ts';
import { describeIssues } from './manifest.ts';

/**
 * `_meta` keys the widget side reads (components/host/results.ts): the view id and the widget id
 * (widget state is kept per widget and view), and the conflict marker of a write on an old version.
 */
export { CONFLICT_META_KEY, VIEW_ID_META_KEY, WIDGET_ID_META_KEY } from '../components/host/results.ts';
/** `_meta` key asking ChatGPT to close the widget when a flow ends. */
export const CLOSE_WIDGET_META_KEY = 'openai/closeWidget';
/** Default size guard for `structuredContent`, in estimated tokens (seed 001: "under ~4k tokens"). */
export const DEFAULT_MAX_VIEW_TOKENS = 4000;

export type JsonObject = Record<string, unknown>;

/** What a tool handler hands to `ctx.result`. */
export interface ViewResultSpec<View extends JsonObject = JsonObject> {
  /** A short sentence for the model: what happened, what the view now shows. */
  text: string;
  /** The view (`structuredContent`). Small; the model sees it. */
  view: View;
  /** Widget-only detail the model never sees (`_meta`). */
  meta?: JsonObject;
  /**
   * Names the view so widget state survives reloads and later calls. Use the id of what the view
   * shows (a game id, a board id). Default: a fresh random id per call.
   */
  viewId?: string;
  /** True when the flow is over and the host may close the widget. */
  closeWidget?: boolean;
}

/** Raised when a handler builds a view that breaks its own output contract or the size guard. */
export class ViewContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ViewContractError';
  }
}

/**
 * A failure the user or the model can act on (unknown game, illegal move, version conflict).
 * Thrown from a handler, it becomes an `isError` result with this message; nothing crashes.
 */
export class ToolError extends Error {
  constructor(
    message: string,
    /** Optional structured detail for the widget (e.g. the current record after a conflict). */
    readonly view?: JsonObject,
    readonly meta?: JsonObject,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Rough token estimate: one token per four characters of JSON. */
export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

/** Builds a successful result, validating the view against `outputSchema` and the size guard. */
export function buildViewResult(
  spec: ViewResultSpec,
  options: { toolName: string; outputSchema?: z.ZodType; maxViewTokens?: number },
): CallToolResult {
  let view = spec.view;
  if (options.outputSchema) {
    const parsed = options.outputSchema.safeParse(view);
    if (!parsed.success) {
      throw new ViewContractError(
        `Tool ${options.toolName} built a view that does not match its output schema:\n` +
          describeIssues(parsed.error.issues, 'structuredContent', view),
      );
    }
    view = parsed.data as JsonObject;
  }
  const limit = options.maxViewTokens ?? DEFAULT_MAX_VIEW_TOKENS;
  const tokens = estimateTokens(view);
  if (tokens > limit) {
    throw new ViewContractError(
      `Tool ${options.toolName} built a view of about ${tokens} tokens; the limit is ${limit}. ` +
        'Move detail the model does not need into meta (the widget still gets it).',
    );
  }
  const meta: JsonObject = { ...spec.meta, [VIEW_ID_META_KEY]: spec.viewId ?? globalThis.crypto.randomUUID() };
  if (spec.closeWidget) meta[CLOSE_WIDGET_META_KEY] = true;
  return {
    content: [{ type: 'text', text: spec.text }],
    structuredContent: view,
    _meta: meta,
  };
}

/** Names the widget in a result that carries a view, so the widget side keeps its state apart from other widgets'. */
export function withWidgetId(result: CallToolResult, widgetId: string): CallToolResult {
  return result.structuredContent ? { ...result, _meta: { ...result._meta, [WIDGET_ID_META_KEY]: widgetId } } : result;
}

/** Builds an `isError` result. `view`, when given, lets the widget reconcile (e.g. after a conflict). */
export function buildErrorResult(text: string, view?: JsonObject, meta?: JsonObject): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text }], isError: true };
  if (view) result.structuredContent = view;
  if (meta) result._meta = meta;
  return result;
}
