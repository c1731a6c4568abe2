/**
 * The Skylit app: registry + resources + store, and a factory for the MCP server that answers
 * from them. Built once per process; the HTTP transport makes a fresh MCP server per request
 * (stateless), stdio makes one for the connection. Both share this app.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Resource,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AssetOptions } from './assets.ts';
import { createLogger, type Logger } from './log.ts';
import { createRegistry, type Registry, type WidgetDefinition } from './registry.ts';
import { loadWidgetResources, readWidgetResource, type WidgetResource } from './resources.ts';
import { buildErrorResult } from './result.ts';
import type { Store } from './store/types.ts';
import { runTool, toolDescriptor } from './tools.ts';

export const SERVER_NAME = 'skylit';
export const SERVER_VERSION = '0.1.0';

/** MCP's "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;

export interface SkylitAppOptions {
  widgets: readonly WidgetDefinition[];
  store: Store;
  /** Load widget bundles from this CDN instead of inlining them (assets.ts). Default: inline. */
  assets?: AssetOptions;
  /** Where the vite build put the bundles (dist/). */
  distDir: string;
  log?: Logger;
}

export interface SkylitApp {
  readonly registry: Registry;
  readonly store: Store;
  readonly log: Logger;
  readonly resources: ReadonlyMap<string, WidgetResource>;
  readonly tools: readonly Tool[];
  /** Runs a tool by name; always resolves (unknown tools and bad input are `isError` results). */
  callTool(name: string, args: unknown, signal?: AbortSignal): Promise<CallToolResult>;
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

  const app: SkylitApp = {
    registry,
    store: options.store,
    log,
    resources,
    tools,
    async callTool(name, args, signal = new AbortController().signal) {
      const binding = registry.tools.get(name);
      if (!binding) {
        log.toolCall(name, 0, 'unknown_tool');
        return buildErrorResult(`Unknown tool "${name}". This server has: ${toolNames}.`);
      }
      return runTool(binding.tool, binding.widget, args, { store: options.store, log, signal });
    },
    createMcpServer() {
      const server = new Server(
        { name: SERVER_NAME, version: SERVER_VERSION, title: 'Skylit widgets' },
        {
          capabilities: { tools: {}, resources: {} },
          instructions:
            registry.widgets.length === 0
              ? 'This Skylit server has no widgets registered yet.'
              : `Skylit widgets: ${registry.widgets.map((w) => w.manifest.title ?? w.manifest.name).join(', ')}. ` +
                'Each tool renders its widget; the widget calls further tools itself.',
        },
      );
      server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
      server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
        app.callTool(request.params.name, request.params.arguments, extra.signal),
      );
      server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: resourceList }));
      server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));
      server.setRequestHandler(ReadResourceRequestSchema, (request) => {
        const found = readWidgetResource(resources.values(), request.params.uri);
        if (found) return found;
        throw new McpError(RESOURCE_NOT_FOUND as ErrorCode, `Resource not found: ${request.params.uri}`, {
          uri: request.params.uri,
        });
      });
      return server;
    },
  };
  return app;
}
