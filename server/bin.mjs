#!/usr/bin/env node
// The `skylit` command (package.json "bin"). Node 20 cannot run TypeScript by itself, so this shim
// registers tsx and hands over to server/main.ts. `skylit --stdio` speaks MCP on stdin/stdout.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
await runCli();
