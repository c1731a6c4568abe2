/**
 * Request parsing that answers bad params with -32602 naming the field, never -32603.
 *
 * The SDK's Protocol parses each request with the schema its handler was registered with before
 * the handler runs, and answers a parse that throws with -32603 Internal error — so a client that
 * sends `"arguments": "x"` or `"uri": 5` got a server-error code for its own mistake. Skylit
 * registers every handler with a schema that accepts any params, then parses them itself:
 * - `tools/call`: `arguments` is taken aside before the SDK's own check, so arguments of any JSON
 *   type reach the tool and get the same field-named `isError` answer as other bad input (`null`
 *   and missing count as `{}`); a `name` that is not a string is refused by the SDK with -32602;
 * - every other method: params that do not fit its schema answer -32602, naming each field.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError, type CallToolRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { describeIssues } from './manifest.ts';

type Handler = Parameters<Server['setRequestHandler']>[1];
type HandlerResult = ReturnType<Handler>;
type HandlerExtra = Parameters<Handler>[1];

/** Where the lenient tools/call schema keeps `arguments` as the client sent them. */
const SENT_ARGUMENTS = Symbol('skylit.sentArguments');

/** A tools/call request whose arguments are whatever the client sent. */
export type ToolCallRequest = CallToolRequest & { params: { [SENT_ARGUMENTS]?: unknown } };

/** The arguments of a tools/call request exactly as sent (any JSON value, or undefined). */
export function sentArguments(request: ToolCallRequest): unknown {
  return request.params[SENT_ARGUMENTS];
}

const toolCallSchema = z.object({
  method: z.literal('tools/call'),
  params: z.unknown().optional().transform((params) => {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) return params;
    const { arguments: sent, ...rest } = params as Record<string, unknown>;
    return { ...rest, [SENT_ARGUMENTS]: sent };
  }),
});

/** Registers the tools/call handler; it gets the request with `sentArguments` available. */
export function handleToolCalls(server: Server, handler: (request: ToolCallRequest, extra: HandlerExtra) => HandlerResult): void {
  server.setRequestHandler(toolCallSchema, handler as unknown as Handler);
}

/**
 * Registers `handler` for the method of `schema` (an SDK request schema); params that do not fit
 * it answer -32602 naming each field.
 */
export function handleRequest<S extends z.ZodObject<{ method: z.ZodLiteral<string> }>>(
  server: Server,
  schema: S,
  handler: (request: z.output<S>, extra: HandlerExtra) => HandlerResult,
): void {
  const method = schema.shape.method.value;
  const lenient = lenientSchema(method);
  server.setRequestHandler(lenient, ((request: unknown, extra: HandlerExtra) => {
    const parsed = schema.safeParse(request);
    if (!parsed.success) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}:\n${describeIssues(parsed.error.issues, 'params', request)}`);
    }
    return handler(parsed.data as z.output<S>, extra);
  }) as Handler);
}

const lenientSchemas = new Map<string, z.ZodObject<{ method: z.ZodLiteral<string>; params: z.ZodOptional<z.ZodUnknown> }>>();

/** `{ method, params: anything }` for a method, built once (a server is made per request). */
function lenientSchema(method: string) {
  let schema = lenientSchemas.get(method);
  if (!schema) {
    schema = z.object({ method: z.literal(method), params: z.unknown().optional() });
    lenientSchemas.set(method, schema);
  }
  return schema;
}
