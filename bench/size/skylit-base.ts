// The same element as a Skylit widget root: host bridge (all three transports, detection,
// auto-height, theme mapping) + base (context, controller, announcer, state views, tokens).
import { html } from 'lit';
import { SkyWidgetElement } from '../../components/base/index.ts';

class SizeProbe extends SkyWidgetElement {
  protected override renderView() {
    return html`<p>probe</p>`;
  }
}
customElements.define('size-probe', SizeProbe);
