// AppBridge alone (the official MCP Apps host side, with the zod schemas it validates with).
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';

(globalThis as Record<string, unknown>).probe = AppBridge;
