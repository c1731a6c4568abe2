/**
 * What <sky-widget-frame> does before anything is shown: find the tool, call it, read its UI
 * resource, and check what came back. Every failure is a FrameError whose message says what to do.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { declaredCsp, type CspReport } from './csp.ts';
import { toolsOf, type FrameClient } from './server-client.ts';

export const MCP_APPS_MIME = 'text/html;profile=mcp-app';
export const SKYBRIDGE_MIME = 'text/html+skybridge';
/** The largest widget page the frame accepts (characters of HTML). */
export const MAX_RESOURCE_CHARS = 2 * 1024 * 1024;

export type Dialect = 'mcp-apps' | 'openai';

/** A failure the frame shows as its error state; `retry` false when trying again cannot help. */
export class FrameError extends Error {
  constructor(message: string, readonly retry = true) {
    super(message);
    this.name = 'FrameError';
  }
}

/** Thrown when the tool exists but has no UI resource (the "no UI" state). */
export class NoUiError extends FrameError {
  constructor(readonly tool: Tool) {
    super(`This server has no UI for ${tool.title ?? tool.annotations?.title ?? tool.name}.`, false);
    this.name = 'NoUiError';
  }
}

/** A widget ready to show. */
export interface LoadedWidget {
  tool: Tool;
  title: string;
  dialect: Dialect;
  resourceUri: string;
  html: string;
  csp: CspReport;
  input: Record<string, unknown>;
  result: CallToolResult;
  /** The resource asks for a border around it (`_meta.ui.prefersBorder`, `openai/widgetPrefersBorder`). */
  prefersBorder: boolean;
}

/** Parses the `arguments` attribute: a JSON object, or a FrameError saying how to write one. */
export function parseArguments(text: string | null | undefined): Record<string, unknown> {
  if (text === null || text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FrameError(`The arguments are not valid JSON (${(error as Error).message}). Write them as a JSON object, e.g. arguments='{"title": "Groceries"}'.`, false);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FrameError(`The arguments must be a JSON object ({…}), not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}.`, false);
  }
  return value as Record<string, unknown>;
}

/** The UI resource a tool names for a dialect (`auto`: MCP Apps first, then ChatGPT). */
export function uiResourceOf(tool: Tool, wanted: Dialect | 'auto'): { uri: string; dialect: Dialect } | null {
  const meta = (tool._meta ?? {}) as Record<string, any>;
  const mcpApps = typeof meta.ui?.resourceUri === 'string' ? meta.ui.resourceUri : typeof meta['ui/resourceUri'] === 'string' ? meta['ui/resourceUri'] : null;
  const openai = typeof meta['openai/outputTemplate'] === 'string' ? meta['openai/outputTemplate'] : null;
  if (wanted !== 'openai' && mcpApps) return { uri: mcpApps, dialect: 'mcp-apps' };
  if (wanted !== 'mcp-apps' && openai) return { uri: openai, dialect: 'openai' };
  return null;
}

export function toolTitle(tool: Tool): string {
  return tool.title ?? tool.annotations?.title ?? tool.name;
}

/** Finds the tool, calls it (unless the page gave the result) and reads its UI resource. */
export async function loadWidget(
  client: FrameClient,
  options: { tool: string; input: Record<string, unknown>; dialect: Dialect | 'auto'; result?: CallToolResult | null; serverLabel: string },
): Promise<LoadedWidget> {
  let tools: Tool[];
  try {
    tools = await toolsOf(client);
  } catch (error) {
    throw new FrameError(`Could not list the tools of ${options.serverLabel}: ${messageOf(error)}`);
  }
  const tool = tools.find((t) => t.name === options.tool);
  if (!tool) {
    const names = tools.map((t) => t.name).slice(0, 20).join(', ') || 'none';
    throw new FrameError(`${options.serverLabel} has no tool named "${options.tool.slice(0, 80)}". Its tools: ${names}.`, false);
  }
  const ui = uiResourceOf(tool, options.dialect);
  if (!ui) throw new NoUiError(tool);
  let result = options.result ?? null;
  if (!result) {
    try {
      result = (await client.callTool({ name: tool.name, arguments: options.input })) as CallToolResult;
    } catch (error) {
      throw new FrameError(`${toolTitle(tool)} failed: ${messageOf(error)}`);
    }
  }
  let contents: Record<string, any>[];
  try {
    contents = (await client.readResource({ uri: ui.uri })).contents as Record<string, any>[];
  } catch (error) {
    throw new FrameError(`Could not read the widget ${ui.uri.slice(0, 120)}: ${messageOf(error)}`);
  }
  const content = contents.find((c) => c.uri === ui.uri) ?? contents[0];
  if (!content) throw new FrameError(`The server sent nothing for the widget ${ui.uri.slice(0, 120)}.`);
  const mime = String(content.mimeType ?? '').toLowerCase().replace(/\s+/g, '');
  if (!mime.startsWith('text/html')) {
    throw new FrameError(`The widget ${ui.uri.slice(0, 120)} is ${mime || 'of no stated type'}, not HTML: this frame shows only HTML widgets.`, false);
  }
  const dialect: Dialect = mime === SKYBRIDGE_MIME ? 'openai' : mime.startsWith(MCP_APPS_MIME) || mime === 'text/html' ? 'mcp-apps' : ui.dialect;
  const html = typeof content.text === 'string' ? content.text : typeof content.blob === 'string' ? decodeBase64(content.blob) : null;
  if (html === null) throw new FrameError(`The widget ${ui.uri.slice(0, 120)} has no text.`, false);
  if (html.length > MAX_RESOURCE_CHARS) {
    throw new FrameError(`The widget's page is ${(html.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_RESOURCE_CHARS / 1024 / 1024} MB this frame accepts.`, false);
  }
  const meta = (content._meta ?? {}) as Record<string, any>;
  const prefersBorder = (meta.ui?.prefersBorder ?? meta['openai/widgetPrefersBorder']) === true;
  return { tool, title: toolTitle(tool), dialect, resourceUri: ui.uri, html, csp: declaredCsp(meta), input: options.input, result, prefersBorder };
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

function decodeBase64(blob: string): string | null {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(blob), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
