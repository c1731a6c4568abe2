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

/**
 * The host actions a widget may well never call. In a dialect bundle where no module outside the
 * host bridge names one (not even in a string), the build sets its `SKYLIT_UNCALLED_*` flag
 * (server/build.ts): the transports then answer it as unsupported and its code is left out. Absent
 * in source, in tests and in the plain-page bundle, where every action is kept.
 */
declare const SKYLIT_UNCALLED_sendFollowUpMessage: boolean | undefined;
declare const SKYLIT_UNCALLED_openExternal: boolean | undefined;
declare const SKYLIT_UNCALLED_updateModelContext: boolean | undefined;
declare const SKYLIT_UNCALLED_readResource: boolean | undefined;
declare const SKYLIT_UNCALLED_uploadFile: boolean | undefined;

// Written out, like the flags above, so that each folds to a constant.
export const CARRIES_FOLLOW_UP = typeof SKYLIT_UNCALLED_sendFollowUpMessage === 'undefined' || !SKYLIT_UNCALLED_sendFollowUpMessage;
export const CARRIES_OPEN_EXTERNAL = typeof SKYLIT_UNCALLED_openExternal === 'undefined' || !SKYLIT_UNCALLED_openExternal;
export const CARRIES_MODEL_CONTEXT = typeof SKYLIT_UNCALLED_updateModelContext === 'undefined' || !SKYLIT_UNCALLED_updateModelContext;
export const CARRIES_READ_RESOURCE = typeof SKYLIT_UNCALLED_readResource === 'undefined' || !SKYLIT_UNCALLED_readResource;
export const CARRIES_UPLOAD_FILE = typeof SKYLIT_UNCALLED_uploadFile === 'undefined' || !SKYLIT_UNCALLED_uploadFile;

/** The actions above, for the build. */
export const OPTIONAL_ACTIONS = ['sendFollowUpMessage', 'openExternal', 'updateModelContext', 'readResource', 'uploadFile'] as const;
