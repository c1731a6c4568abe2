/** Shared behaviour of Skylit widgets: the widget root, host access, announcer, state views, tokens. */
export { SkyWidgetElement } from './widget-element.ts';
export { HostController } from './host-controller.ts';
export { hostContext } from './host-context.ts';
export { Announcer, ANNOUNCE_EVENT } from './announcer.ts';
export { emptyView, errorView, loadingView, stateViewStyles, type ViewAction } from './state-views.ts';
export { motionDuration, tokens } from './tokens.ts';
