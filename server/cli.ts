#!/usr/bin/env node
// The `skylit-server` command of the published package ("bin"): the built-in widgets over
// Streamable HTTP, or MCP on stdin/stdout with --stdio. `skylit-server --help` lists the options.
// In a clone of the repository, `npm start` runs the same (and builds the bundles first).
import { runCli } from './main.ts';

await runCli();
