import { css, html, nothing, type TemplateResult } from 'lit';

/**
 * The views every widget shows when it has no data to render, and the notice it shows next to a
 * failed action, as templates for the widget's own shadow root (add `stateViewStyles` to its styles):
 * - loading: a skeleton of stable size, so nothing jumps when data arrives;
 * - empty: says why and offers one action;
 * - error: says what went wrong and how to recover, with a retry; drafts are the caller's to keep.
 */

/** A skeleton with `lines` bars at a fixed height: an indeterminate progress bar to assistive tech. */
export function loadingView(label = 'Loading…', lines = 3): TemplateResult {
  return html`<div class="sky-state sky-loading" part="loading" role="progressbar" aria-label=${label}>
    ${Array.from({ length: lines }, () => html`<span class="sky-bar" aria-hidden="true"></span>`)}
  </div>`;
}

export interface ViewAction {
  label: string;
  onClick: () => void;
}

/** Explains that there is nothing to show and offers the next best action. */
export function emptyView(title: string, message: string, action?: ViewAction): TemplateResult {
  return html`<section class="sky-state" part="empty" aria-label=${title}>
    <h2 class="sky-state-title">${title}</h2>
    <p>${message}</p>
    ${action ? html`<button class="sky-button" part="action" @click=${action.onClick}>${action.label}</button>` : nothing}
  </section>`;
}

/** Says what went wrong, never blaming the user, with a retry. */
export function errorView(message: string, retry?: ViewAction): TemplateResult {
  return html`<section class="sky-state sky-error" part="error" role="alert">
    <h2 class="sky-state-title">Something went wrong</h2>
    <p>${message}</p>
    ${retry ? html`<button class="sky-button" part="action" @click=${retry.onClick}>${retry.label}</button>` : nothing}
  </section>`;
}

/**
 * A failure shown next to the action that failed, when the widget has a view to keep on screen:
 * what went wrong and, when it can be tried again, a retry. (The live region has already said it.)
 */
export function noticeView(message: string, retry?: ViewAction): TemplateResult {
  return html`<p class="sky-notice" part="notice">
    <span>${message}</span>
    ${retry ? html`<button class="sky-link" @click=${retry.onClick}>${retry.label}</button>` : nothing}
  </p>`;
}

export const stateViewStyles = css`
  .sky-state {
    display: grid;
    gap: var(--sky-space);
    padding: calc(var(--sky-space) * 1.5);
    border-radius: var(--sky-radius);
    background: var(--sky-color-surface-raised);
  }
  .sky-state p,
  .sky-state-title {
    margin: 0;
  }
  .sky-state-title {
    font-size: var(--sky-font-size-heading);
  }
  .sky-error {
    background: var(--sky-color-danger-surface);
  }
  .sky-error .sky-state-title {
    color: var(--sky-color-danger);
  }
  .sky-bar {
    display: block;
    height: 0.875rem;
    border-radius: var(--sky-radius-small);
    background: var(--sky-color-skeleton);
  }
  .sky-bar:nth-child(2n) {
    width: 70%;
  }
  .sky-notice {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    font-size: var(--sky-font-size-small);
    color: var(--sky-color-danger);
    background: var(--sky-color-danger-surface);
    border-radius: var(--sky-radius-small);
  }
  .sky-link {
    padding: 0.25rem 0;
    font: inherit;
    color: var(--sky-color-accent);
    background: none;
    border: 0;
    text-decoration: underline;
    cursor: pointer;
  }
  .sky-button {
    justify-self: start;
    min-height: 2.25rem;
    padding: 0 1rem;
    font: inherit;
    font-weight: 600;
    color: var(--sky-color-on-accent);
    background: var(--sky-color-accent);
    border: 1px solid transparent;
    border-radius: var(--sky-radius-small);
    cursor: pointer;
  }
`;
