// Baseline: a bare Lit element.
import { css, html, LitElement } from 'lit';

class SizeProbe extends LitElement {
  static override styles = css`:host { display: block; }`;
  override render() {
    return html`<p>probe</p>`;
  }
}
customElements.define('size-probe', SizeProbe);
