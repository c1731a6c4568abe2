/**
 * Unified-widget tools: many tools bound to one widget. `defineTool` describes one (zod input and
 * output schemas, annotations, visibility, invoking / invoked texts); `toolDescriptor` publishes it
 * in both metadata dialects; `runTool` validates, runs and logs one call, and never throws.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { describeIssues, ManifestError, type WidgetManifest } from './manifest.ts';
import {
  buildErrorResult,
  buildViewResult,
  ToolError,
  ViewContractError,
  withWidgetId,
  type JsonObject,
  type ViewResultSpec,
} from './result.ts';
import { IdempotencyKeyReuseError, type Store } from './store/types.ts';
import type { Logger } from './log.ts';

/**
 * Who may call a tool:
 * - `model-and-widget` (default): the model, and the widget through the host;
 * - `widget`: only the widget (hidden from the model: `ui.visibility ["app"]`, `openai/visibility "private"`);
 * - `model`: only the model (the widget may not call it).
 */
export type ToolVisibility = 'model-and-widget' | 'widget' | 'model';

export interface ToolAnnotations {
  /** True when the tool changes nothing. Required: hosts ask for confirmation based on it. */
  readOnlyHint: boolean;
  /** True when the tool deletes or overwrites something the user may want back. Default false. */
  destructiveHint?: boolean;
  /** True when calling twice with the same arguments has no further effect. Default: readOnlyHint. */
  idempotentHint?: boolean;
  /** True when the tool reaches outside this server's own data. Default false. */
  openWorldHint?: boolean;
}

/** Who called a tool: the user of the bearer token (its `sub`), or `id: null` on a single-user server. */
export interface ToolCaller {
  id: string | null;
}

/** The caller of a server without auth (and of stdio). */
export const SINGLE_USER: ToolCaller = Object.freeze({ id: null });

/** What a handler gets besides its (already validated) arguments. */
export interface ToolContext<View extends JsonObject = JsonObject> {
  /** The tier-3 state store. */
  store: Store;
  /** Who called (server/auth.ts): per-user tools key their records by it. */
  user: ToolCaller;
  /** The widget this tool is bound to. */
  widget: WidgetManifest;
  /**
   * Aborted when the client cancels the call or goes away, or when the call runs out of time: a
   * write should check it before it writes (`signal.throwIfAborted()`).
   */
  signal: AbortSignal;
  /** The server's log (one line per event; never log arguments or user data). */
  log: Logger;
  /** Builds the successful result (view checked against the output schema and size guard). */
  result(spec: ViewResultSpec<View>): CallToolResult;
  /** Builds an `isError` result the user or model can act on. Same as throwing a ToolError. */
  error(text: string, view?: JsonObject, meta?: JsonObject): CallToolResult;
}

export interface ToolDefinitionInput<I extends z.ZodObject, O extends z.ZodObject> {
  /** snake_case with a domain prefix: `chess_make_move`. */
  name: string;
  title: string;
  /** For the model: when to call the tool and what it returns. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  visibility?: ToolVisibility;
  /** Shown by ChatGPT while the tool runs (≤ 64 characters). */
  invoking: string;
  /** Shown by ChatGPT when the tool is done (≤ 64 characters). */
  invoked: string;
  /** Size guard for the view, in estimated tokens (default 4000). */
  maxViewTokens?: number;
  /** Time the handler may take before the call answers "took too long" (default: the server's, 10 s). */
  timeoutMs?: number;
  /**
   * Extra `_meta` keys for the tool's descriptor, for host features Skylit does not model itself
   * (e.g. `{ 'openai/fileParams': ['board_icon'] }`). The keys Skylit sets (`ui`,
   * `openai/outputTemplate`, …) cannot be given here.
   */
  meta?: JsonObject;
  handler(args: z.output<I>, ctx: ToolContext<z.output<O>>): CallToolResult | Promise<CallToolResult>;
}

/** A tool definition with its types erased, as the registry holds it. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: Required<ToolAnnotations>;
  visibility: ToolVisibility;
  invoking: string;
  invoked: string;
  maxViewTokens?: number;
  timeoutMs?: number;
  meta?: JsonObject;
  handler(args: unknown, ctx: ToolContext): CallToolResult | Promise<CallToolResult>;
}

const TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
/** The descriptor `_meta` keys `toolDescriptor` sets; a tool's own `meta` may not name them. */
const DESCRIPTOR_META_KEYS = [
  'ui',
  'openai/outputTemplate',
  'openai/widgetAccessible',
  'openai/visibility',
  'openai/toolInvocation/invoking',
  'openai/toolInvocation/invoked',
  'skylit/widgetId',
];
export const MAX_INVOCATION_TEXT = 64;

/** Describes a tool; the registry validates it when the widget is registered. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  def: ToolDefinitionInput<I, O>,
): ToolDefinition {
  const { readOnlyHint } = def.annotations;
  return {
    ...def,
    visibility: def.visibility ?? 'model-and-widget',
    annotations: {
      readOnlyHint,
      destructiveHint: def.annotations.destructiveHint ?? false,
      idempotentHint: def.annotations.idempotentHint ?? readOnlyHint,
      openWorldHint: def.annotations.openWorldHint ?? false,
    },
    handler: def.handler as ToolDefinition['handler'],
  };
}

/** Checks what zod cannot see in a tool definition; throws a ManifestError naming the field. */
export function checkToolDefinition(tool: ToolDefinition, widgetId: string): void {
  const where = `Tool ${tool.name || '(unnamed)'} of widget ${widgetId}`;
  const fail = (field: string, problem: string) => {
    throw new ManifestError(`${where} is invalid: ${field} ${problem}`);
  };
  if (!TOOL_NAME.test(tool.name)) fail('name', 'must be snake_case with a domain prefix, e.g. chess_make_move');
  if (!tool.title?.trim()) fail('title', 'is required');
  if (!tool.description?.trim()) fail('description', 'is required');
  for (const field of ['invoking', 'invoked'] as const) {
    const text = tool[field];
    if (!text?.trim()) fail(field, 'is required (a short status text shown while / after the tool runs)');
    if (text.length > MAX_INVOCATION_TEXT) fail(field, `must be at most ${MAX_INVOCATION_TEXT} characters (it has ${text.length})`);
  }
  if (!(tool.input instanceof z.ZodObject)) fail('input', 'must be a z.object(...) schema');
  if (!(tool.output instanceof z.ZodObject)) fail('output', 'must be a z.object(...) schema');
  if (typeof tool.annotations.readOnlyHint !== 'boolean') fail('annotations.readOnlyHint', 'must be true or false');
  if (tool.annotations.readOnlyHint && tool.annotations.destructiveHint) {
    fail('annotations.destructiveHint', 'cannot be true for a read-only tool');
  }
  if (!['model-and-widget', 'widget', 'model'].includes(tool.visibility)) {
    fail('visibility', 'must be one of "model-and-widget", "widget", "model"');
  }
  if (typeof tool.handler !== 'function') fail('handler', 'must be a function');
  if (tool.timeoutMs !== undefined && !(Number.isSafeInteger(tool.timeoutMs) && tool.timeoutMs > 0)) {
    fail('timeoutMs', 'must be a whole number of milliseconds above 0');
  }
  if (tool.meta !== undefined) {
    if (!isObject(tool.meta)) fail('meta', 'must be an object of _meta keys');
    const taken = Object.keys(tool.meta).filter((key) => DESCRIPTOR_META_KEYS.includes(key));
    if (taken.length) fail('meta', `cannot set ${taken.join(', ')} (Skylit sets ${taken.length === 1 ? 'it' : 'them'} from the tool and its widget)`);
  }
}

/** URIs of the widget's published resources, one per host dialect. */
export interface WidgetUris {
  /** MCP Apps resource (`text/html;profile=mcp-app`). */
  mcpApps: string;
  /** ChatGPT resource (`text/html+skybridge`). */
  openai: string;
}

/** The tools/list entry: JSON schemas, annotations and both metadata dialects. */
export function toolDescriptor(tool: ToolDefinition, widget: WidgetManifest, uris: WidgetUris): Tool {
  const visibility =
    tool.visibility === 'widget' ? ['app'] : tool.visibility === 'model' ? ['model'] : ['model', 'app'];
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input') as Tool['inputSchema'],
    outputSchema: jsonSchema(tool.output, 'output') as Tool['outputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
    _meta: {
      ...tool.meta,
      ui: { resourceUri: uris.mcpApps, visibility },
      'openai/outputTemplate': uris.openai,
      'openai/widgetAccessible': tool.visibility !== 'model',
      'openai/visibility': tool.visibility === 'widget' ? 'private' : 'public',
      'openai/toolInvocation/invoking': tool.invoking,
      'openai/toolInvocation/invoked': tool.invoked,
      'skylit/widgetId': widget.id,
    },
  };
}

function jsonSchema(schema: z.ZodObject, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

/** How one call ended, for the log line. */
export type ToolOutcome =
  | 'ok'
  | 'error'
  | 'invalid_arguments'
  | 'invalid_view'
  | 'unknown_tool'
  | 'timeout'
  | 'busy'
  | 'cancelled'
  | 'failed';

/** Time a tool handler may take, unless the tool or the server says otherwise. */
export const DEFAULT_TOOL_TIMEOUT_MS = 10_000;

export interface RunToolDeps {
  store: Store;
  log: Logger;
  signal: AbortSignal;
  /** Time the handler may take (default: the tool's `timeoutMs`, else DEFAULT_TOOL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Who called (default: the single user). */
  user?: ToolCaller;
}

/**
 * Validates the arguments, runs the handler and logs one line (tool, duration, outcome; never the
 * arguments). Always resolves with a CallToolResult: bad input and failures become `isError` results.
 * Arguments that are missing or `null` count as `{}`; any other non-object is refused naming
 * `arguments`. A handler that runs out of time answers "took too long": its signal aborts, and the
 * call resolves at once whatever the handler does next.
 */
export async function runTool(
  tool: ToolDefinition,
  widget: WidgetManifest,
  rawArgs: unknown,
  deps: RunToolDeps,
): Promise<CallToolResult> {
  const started = performance.now();
  let outcome: ToolOutcome = 'ok';
  const timeoutMs = tool.timeoutMs ?? deps.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  // Aborted by the client's signal or the timeout, whichever comes first (cheaper than AbortSignal.any).
  const deadline = new AbortController();
  const forward = () => deadline.abort(deps.signal.reason);
  if (deps.signal.aborted) forward();
  else deps.signal.addEventListener('abort', forward, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const args = rawArgs ?? {};
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) {
      outcome = 'invalid_arguments';
      return buildErrorResult(`Invalid arguments for ${tool.name}:\n${describeIssues(parsed.error.issues, 'arguments', args)}`);
    }
    const options = { toolName: tool.name, outputSchema: tool.output, maxViewTokens: tool.maxViewTokens };
    const ctx: ToolContext = {
      store: deps.store,
      user: deps.user ?? SINGLE_USER,
      widget,
      signal: deadline.signal,
      log: deps.log,
      result: (spec) => buildViewResult(spec, options),
      error: (text, view, meta) => buildErrorResult(text, view, meta),
    };
    const running = Promise.resolve().then(() => tool.handler(parsed.data, ctx));
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        deadline.abort(new Error(`${tool.name} took longer than ${timeoutMs} ms`));
        resolve(null);
      }, timeoutMs);
    });
    const result = await Promise.race([running, timedOut]);
    if (result === null) {
      outcome = 'timeout';
      // The handler may still settle later; nobody is waiting for it any more.
      running.catch(() => {});
      return buildErrorResult(`${tool.name} took too long (more than ${formatSeconds(timeoutMs)}) and was stopped. Try again in a moment.`);
    }
    if (result.isError) outcome = 'error';
    else if (!isObject(result.structuredContent)) {
      throw new ViewContractError(`Tool ${tool.name} returned no view; build results with ctx.result(...)`);
    }
    return withWidgetId(result, widget.id);
  } catch (error) {
    if (error instanceof ToolError) {
      outcome = 'error';
      return withWidgetId(buildErrorResult(error.message, error.view, error.meta), widget.id);
    }
    if (error instanceof IdempotencyKeyReuseError) {
      outcome = 'error';
      return buildErrorResult(error.message);
    }
    if (deps.signal.aborted) {
      // The client cancelled or went away; nobody reads this answer.
      outcome = 'cancelled';
      return buildErrorResult(`${tool.name} was cancelled.`);
    }
    if (error instanceof ViewContractError) {
      outcome = 'invalid_view';
      deps.log.error(error.message);
      return buildErrorResult(`${tool.name} produced a view that breaks its own contract (a server bug; the server log has the detail).`);
    }
    outcome = 'failed';
    deps.log.error(`tool ${tool.name} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return buildErrorResult(`${tool.name} failed with an internal error. Try again; if it keeps failing, report it.`);
  } finally {
    clearTimeout(timer);
    deps.signal.removeEventListener('abort', forward);
    deps.log.toolCall(tool.name, performance.now() - started, outcome);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
