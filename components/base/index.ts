/** Shared behaviour of Skylit widgets: the widget root, host access, announcer, state views, tokens. */
export { SkyWidgetElement, type CallOptions } from './widget-element.ts';
export { ToolCall } from './tool-call.ts';
export { OptimisticWrite, type WriteStatus } from './optimistic-write.ts';
export { Poll, type PollOptions } from './poll.ts';
export { WidgetState } from './widget-state.ts';
export { checkFields, kindOf, type FieldSpec } from './view-check.ts';
export { HostController } from './host-controller.ts';
export { hostContext } from './host-context.ts';
export { Announcer, ANNOUNCE_EVENT } from './announcer.ts';
export { emptyView, errorView, loadingView, noticeView, stateViewStyles, type ViewAction } from './state-views.ts';
export { motionDuration, tokens } from './tokens.ts';
