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

/** What a handler gets besides its (already validated) arguments. */
export interface ToolContext<View extends JsonObject = JsonObject> {
  /** The tier-3 state store. */
  store: Store;
  /** The widget this tool is bound to. */
  widget: WidgetManifest;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
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
  handler(args: unknown, ctx: ToolContext): CallToolResult | Promise<CallToolResult>;
}

const TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
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
export type ToolOutcome = 'ok' | 'error' | 'invalid_arguments' | 'invalid_view' | 'unknown_tool' | 'failed';

export interface RunToolDeps {
  store: Store;
  log: Logger;
  signal: AbortSignal;
}

/**
 * Validates the arguments, runs the handler and logs one line (tool, duration, outcome; never the
 * arguments). Always resolves with a CallToolResult: bad input and failures become `isError` results.
 */
export async function runTool(
  tool: ToolDefinition,
  widget: WidgetManifest,
  rawArgs: unknown,
  deps: RunToolDeps,
): Promise<CallToolResult> {
  const started = performance.now();
  let outcome: ToolOutcome = 'ok';
  try {
    const parsed = tool.input.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      outcome = 'invalid_arguments';
      return buildErrorResult(
        `Invalid arguments for ${tool.name}:\n${describeIssues(parsed.error.issues, 'arguments', rawArgs ?? {})}`,
      );
    }
    const options = { toolName: tool.name, outputSchema: tool.output, maxViewTokens: tool.maxViewTokens };
    const ctx: ToolContext = {
      store: deps.store,
      widget,
      signal: deps.signal,
      result: (spec) => buildViewResult(spec, options),
      error: (text, view, meta) => buildErrorResult(text, view, meta),
    };
    const result = await tool.handler(parsed.data, ctx);
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
    if (error instanceof ViewContractError) {
      outcome = 'invalid_view';
      deps.log.error(error.message);
      return buildErrorResult(`${tool.name} produced a view that breaks its own contract (a server bug; the server log has the detail).`);
    }
    outcome = 'failed';
    deps.log.error(`tool ${tool.name} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return buildErrorResult(`${tool.name} failed with an internal error. Try again; if it keeps failing, report it.`);
  } finally {
    deps.log.toolCall(tool.name, performance.now() - started, outcome);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
