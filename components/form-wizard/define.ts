// Registers <sky-form-wizard>. Import this (or the inline bundle) once per page.
import { SkyFormWizard } from './form-wizard.ts';

if (!customElements.get('sky-form-wizard')) customElements.define('sky-form-wizard', SkyFormWizard);

declare global {
  interface HTMLElementTagNameMap {
    'sky-form-wizard': SkyFormWizard;
  }
}
