// Registers <sky-form-wizard>. Import this (or the inline bundle) once per page.
import { SkyFormWizard, type StepSubmitDetail } from './form-wizard.ts';
import type { WizardView } from './view.ts';

if (!customElements.get('sky-form-wizard')) customElements.define('sky-form-wizard', SkyFormWizard);

export { SkyFormWizard };
export type { StepSubmitDetail };

declare global {
  interface HTMLElementTagNameMap {
    'sky-form-wizard': SkyFormWizard;
  }
  interface HTMLElementEventMap {
    'sky-submit': CustomEvent<StepSubmitDetail>;
    'sky-complete': CustomEvent<WizardView>;
  }
}
