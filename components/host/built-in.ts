import type { TransportKind } from './types.ts';

/**
 * The one host transport a dialect bundle carries, set by the build (server/build.ts `define`);
 * absent in source, in tests and in the plain-page bundle, which carry all three. Code for the other
 * transports is then dead: each flag below folds to a constant and the minifier drops its branches.
 */
declare const SKYLIT_TRANSPORT: TransportKind | undefined;

// Written out (not a helper function) so that each folds to a constant.
export const WITH_OPENAI = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'openai';
export const WITH_MCP_APPS = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'mcp-apps';
export const WITH_STANDALONE = typeof SKYLIT_TRANSPORT === 'undefined' || SKYLIT_TRANSPORT === 'standalone';
