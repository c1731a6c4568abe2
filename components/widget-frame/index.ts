/** <sky-widget-frame>: the host side for pages that show widgets. The class (no side effects) and its helpers; register with define.ts. */
export { SkyWidgetFrame, type DisplayMode, type FrameState, type SkyDisplayModeDetail, type SkyMessageDetail, type SkyModelContextDetail, type SkyStateDetail, type ToolCallDetail } from './widget-frame.ts';
export { buildCsp, declaredCsp, type WidgetCsp } from './csp.ts';
export { grantKey, GRANTS_STORAGE_KEY, refusal, storedGrants, toolKind, type Decision, type GrantStore, type ToolKind } from './permissions.ts';
export { clientFor, type FrameClient } from './server-client.ts';
export { FrameError, MAX_RESOURCE_CHARS, parseArguments } from './load.ts';
export type { TraceEntry } from './frame-transport.ts';
