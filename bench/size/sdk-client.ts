// The MCP SDK's browser client as <sky-widget-frame> uses it: Client, Streamable HTTP, the eval-free validator.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';

(globalThis as Record<string, unknown>).probe = [Client, StreamableHTTPClientTransport, CfWorkerJsonSchemaValidator];
