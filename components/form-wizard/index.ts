/** <sky-form-wizard>: the class (no side effects) and its view contract. Register with define.ts. */
export { SkyFormWizard, type StepSubmitDetail } from './form-wizard.ts';
export * from './view.ts';
