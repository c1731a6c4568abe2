import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Host, HostSnapshot } from '../host/types.ts';
import { hostContext } from './host-context.ts';

/**
 * Gives an element inside a widget root the host bridge, and re-renders it on every host change.
 * It asks the root for the host through {@link hostContext} (or uses the one it is given).
 *
 * ```ts
 * private host = new HostController(this);
 * render() { return html`${this.host.snapshot?.locale}`; }
 * ```
 */
export class HostController implements ReactiveController {
  /** The connected host, once known. */
  bridge: Host | undefined;
  #unsubscribe: (() => void) | undefined;

  readonly #element: ReactiveControllerHost & HTMLElement;

  constructor(element: ReactiveControllerHost & HTMLElement, bridge?: Host | null) {
    this.#element = element;
    element.addController(this);
    if (bridge) this.use(bridge);
    // Elements inside a widget root receive the host from it, now and whenever it changes.
    else if (bridge === undefined) new ContextConsumer(element, { context: hostContext, subscribe: true, callback: (host) => this.use(host) });
  }

  /** The host's current data and environment (undefined until a host is known). */
  get snapshot(): HostSnapshot | undefined {
    return this.bridge?.snapshot;
  }

  /** Switches to another host (a root does this when a page forces one). */
  use(bridge: Host | undefined): void {
    if (bridge === this.bridge) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.bridge = bridge;
    if (this.#element.isConnected) this.hostConnected();
    this.#element.requestUpdate();
  }

  hostConnected(): void {
    if (this.bridge && !this.#unsubscribe) {
      this.#unsubscribe = this.bridge.subscribe(() => this.#element.requestUpdate());
    }
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
