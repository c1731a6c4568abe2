import { css } from 'lit';

export const formWizardStyles = css`
  .wizard {
    display: grid;
    gap: 0.5rem;
    padding: var(--sky-space);
  }
  /* Full screen: one readable column in the middle (inline, the widget grows: no nested scroll). */
  .wizard.fullscreen {
    max-width: var(--sky-form-wizard-max-width, 40rem);
    margin: 0 auto;
  }
  .top,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  .top:empty {
    display: none;
  }
  .caption,
  .step-of {
    display: block;
    margin: 0;
    font-size: var(--sky-font-size-small);
    font-weight: 400;
    color: var(--sky-color-text-muted);
  }
  .step {
    display: grid;
    gap: 1rem;
  }
  .step p {
    margin: 0;
  }
  .heading {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.3;
  }
  /* The heading takes focus on a step change only to be read out: it is not a control. */
  .heading:focus {
    outline: none;
  }
  h3,
  #error-summary-title {
    margin: 0 0 0.25rem;
    font-size: var(--sky-font-size);
  }
  .error-summary {
    padding: 0.75rem 1rem;
    border: 3px solid var(--sky-color-danger);
    border-radius: var(--sky-radius-small);
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .error-summary a {
    font-weight: 600;
    color: var(--sky-color-danger);
  }
  .items ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .answers {
    margin: 0;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(6rem, 1fr) 2fr auto;
    align-items: baseline;
    gap: 0.25rem 1rem;
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--sky-color-border);
  }
  .row dt {
    font-weight: 600;
  }
  .row dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .line {
    display: block;
  }
  .sending {
    font-size: var(--sky-font-size-small);
    color: var(--sky-color-text-muted);
  }
  .sky-button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  @media (max-width: 420px) {
    .row {
      grid-template-columns: 1fr auto;
    }
    .row dd:first-of-type {
      grid-column: 1 / -1;
      grid-row: 2;
    }
  }
`;
