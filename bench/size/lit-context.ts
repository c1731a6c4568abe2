// Baseline: a bare Lit element that provides a @lit/context value.
import { ContextProvider, createContext } from '@lit/context';
import { css, html, LitElement } from 'lit';

const probeContext = createContext<string>(Symbol('probe'));
class SizeProbe extends LitElement {
  static override styles = css`:host { display: block; }`;
  provider = new ContextProvider(this, { context: probeContext, initialValue: 'x' });
  override render() {
    return html`<p>probe</p>`;
  }
}
customElements.define('size-probe', SizeProbe);
