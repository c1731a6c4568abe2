import type { Context, ContextCallback, ContextEvent } from '@lit/context';
import type { Host } from '../host/types.ts';
import { SkyWidgetElement } from './widget-element.ts';

/**
 * The host bridge, provided by a widget root to every Skylit element inside it (the key of the
 * Context Community Protocol; @lit/context's `createContext` would only return it).
 */
export const hostContext = Symbol('skylit-host') as Context<symbol, Host | undefined>;

/** The elements inside each root that asked for its host and want to hear when it changes. */
const subscribers = new WeakMap<SkyWidgetElement, Set<ContextCallback<Host | undefined>>>();

// Every widget root answers the elements inside it that ask for `hostContext` (what @lit/context's
// consumers and HostController send), now and, if they subscribe, whenever its host changes. Set up
// here, where the key lives: a page whose widgets have no such element ships none of it.
SkyWidgetElement.hostProvider = {
  request(root, event) {
    const request = event as ContextEvent<typeof hostContext>;
    if (request.context !== hostContext) return;
    event.stopPropagation();
    const callback = request.callback;
    const callbacks = subscribers.get(root) ?? new Set();
    if (request.subscribe) subscribers.set(root, callbacks.add(callback));
    callback(root.host, () => callbacks.delete(callback));
  },
  changed(root) {
    const callbacks = subscribers.get(root);
    for (const callback of callbacks ?? []) callback(root.host, () => callbacks!.delete(callback));
  },
};
