/**
 * The Skylit app: registry + resources + store, and a factory for the MCP server that answers
 * from them. Built once per process; the HTTP transport makes a fresh MCP server per request
 * (stateless), stdio makes one for the connection. Both share this app.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type ReadResourceResult,
  type Resource,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AssetOptions } from './assets.ts';
import { callerOf } from './auth.ts';
import { createLogger, type Logger } from './log.ts';
import { createRegistry, type Registry, type WidgetDefinition } from './registry.ts';
import { loadWidgetResources, readWidgetResource, type WidgetResource } from './resources.ts';
import { handleRequest, handleToolCalls, sentArguments } from './requests.ts';
import { buildErrorResult } from './result.ts';
import type { Store } from './store/types.ts';
import { clip } from './text.ts';
import { DEFAULT_TOOL_TIMEOUT_MS, runTool, SINGLE_USER, toolDescriptor, type ToolCaller } from './tools.ts';

export const SERVER_NAME = 'skylit';
export const SERVER_VERSION = '0.1.0';

/** MCP's "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;
/** How much of a caller's text (an unknown tool name, a resource URI) an answer repeats. */
const ECHO_MAX = 80;

/** Limits on tool calls. */
export interface ToolCallLimits {
  /** Time a handler may take before the call answers "took too long" (default 10,000 ms; a tool's own `timeoutMs` wins). */
  toolTimeoutMs?: number;
  /** Tool calls under way at once; one more answers "busy" at once (default 64). */
  maxConcurrentCalls?: number;
}

export const DEFAULT_MAX_CONCURRENT_CALLS = 64;

/**
 * Tools and UI resources that are not in the registry, decided per caller on every request: the
 * widget manager's installed packages (server/manager/). A name or URI it does not know answers
 * `undefined`, and the app answers as for any unknown one.
 */
export interface DynamicTools {
  listTools(caller: ToolCaller): Promise<Tool[]>;
  listResources(caller: ToolCaller): Promise<Resource[]>;
  callTool(caller: ToolCaller, name: string, args: unknown, signal: AbortSignal): Promise<CallToolResult | undefined>;
  readResource(caller: ToolCaller, uri: string): Promise<ReadResourceResult | undefined>;
}

export interface SkylitAppOptions {
  widgets: readonly WidgetDefinition[];
  /** Per-caller tools beside the registry's (the widget manager). */
  dynamic?: DynamicTools;
  store: Store;
  /** Load widget bundles from this CDN instead of inlining them (assets.ts). Default: inline. */
  assets?: AssetOptions;
  /** Where the vite build put the bundles (dist/). */
  distDir: string;
  log?: Logger;
  limits?: ToolCallLimits;
}

export interface SkylitApp {
  readonly registry: Registry;
  readonly store: Store;
  readonly log: Logger;
  readonly resources: ReadonlyMap<string, WidgetResource>;
  readonly tools: readonly Tool[];
  /**
   * Runs a tool by name; always resolves (unknown tools, bad input, a full server and a handler
   * out of time are `isError` results).
   */
  callTool(name: string, args: unknown, signal?: AbortSignal, caller?: ToolCaller): Promise<CallToolResult>;
  /** A new MCP server answering from this app (not yet connected to a transport). */
  createMcpServer(): Server;
}

/** Validates the widgets, loads their bundles and precomputes every descriptor. Throws on any problem. */
export function createSkylitApp(options: SkylitAppOptions): SkylitApp {
  const registry = createRegistry(options.widgets);
  const resources = loadWidgetResources(registry, options.distDir, options.assets);
  const log = options.log ?? createLogger();
  const tools: Tool[] = [];
  for (const { manifest, tools: defs } of registry.widgets) {
    const { uris } = resources.get(manifest.id)!;
    for (const def of defs) tools.push(toolDescriptor(def, manifest, uris));
  }
  const resourceList: Resource[] = [...resources.values()].flatMap((r) => r.entries);
  const toolNames = [...registry.tools.keys()].join(', ') || '(none)';
  const toolTimeoutMs = options.limits?.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const maxCalls = options.limits?.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS;
  let callsUnderWay = 0;
  const instructions =
    registry.widgets.length === 0
      ? 'This Skylit server has no widgets registered yet.'
      : `Skylit widgets: ${registry.widgets.map((w) => w.manifest.title ?? w.manifest.name).join(', ')}. ` +
        'Each tool renders its widget; the widget calls further tools itself.';
  // One validator for every per-request server: the SDK would otherwise build (and compile formats
  // into) a new Ajv for each request, a large share of a stateless request's cost.
  const jsonSchemaValidator = new AjvJsonSchemaValidator();

  const app: SkylitApp = {
    registry,
    store: options.store,
    log,
    resources,
    tools,
    async callTool(name, args, signal = new AbortController().signal, caller = SINGLE_USER) {
      const binding = registry.tools.get(name);
      if (!binding && !options.dynamic) {
        log.toolCall(name, 0, 'unknown_tool');
        return buildErrorResult(`Unknown tool ${JSON.stringify(clip(name, ECHO_MAX))}. This server has: ${toolNames}.`);
      }
      if (callsUnderWay >= maxCalls) {
        log.toolCall(name, 0, 'busy');
        return buildErrorResult(`The server is busy (${maxCalls} tool calls under way). Try again in a moment.`);
      }
      callsUnderWay += 1;
      try {
        // runTool resolves by the timeout at the latest, so a hanging handler frees its slot then;
        // a dynamic tool (a package's, proxied) has the same deadline inside.
        if (binding) return await runTool(binding.tool, binding.widget, args, { store: options.store, log, signal, timeoutMs: toolTimeoutMs, user: caller });
        const result = await options.dynamic!.callTool(caller, name, args, signal);
        if (result) return result;
        log.toolCall(name, 0, 'unknown_tool');
        return buildErrorResult(`Unknown tool ${JSON.stringify(clip(name, ECHO_MAX))}. This server has: ${toolNames}, and the tools of your enabled widget packages (tools/list).`);
      } finally {
        callsUnderWay -= 1;
      }
    },
    createMcpServer() {
      const server = new Server(
        { name: SERVER_NAME, version: SERVER_VERSION, title: 'Skylit widgets' },
        { capabilities: { tools: {}, resources: {} }, instructions, jsonSchemaValidator },
      );
      // Bad params answer -32602 naming the field, tool arguments an isError result (server/requests.ts).
      const dynamic = options.dynamic;
      handleRequest(server, ListToolsRequestSchema, async (_request, extra) =>
        dynamic ? { tools: [...tools, ...(await dynamic.listTools(callerOf(extra.authInfo)))] } : { tools },
      );
      handleToolCalls(server, (request, extra) => app.callTool(request.params.name, sentArguments(request), extra.signal, callerOf(extra.authInfo)));
      handleRequest(server, ListResourcesRequestSchema, async (_request, extra) =>
        dynamic ? { resources: [...resourceList, ...(await dynamic.listResources(callerOf(extra.authInfo)))] } : { resources: resourceList },
      );
      handleRequest(server, ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));
      handleRequest(server, ReadResourceRequestSchema, async (request, extra) => {
        const found = readWidgetResource(resources.values(), request.params.uri) ?? (await dynamic?.readResource(callerOf(extra.authInfo), request.params.uri));
        if (found) return found;
        const uri = clip(request.params.uri, ECHO_MAX);
        throw new McpError(RESOURCE_NOT_FOUND as ErrorCode, `Resource not found: ${uri}`, { uri });
      });
      return server;
    },
  };
  return app;
}
