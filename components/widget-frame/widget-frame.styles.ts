import { css } from 'lit';

export const frameStyles = css`
  :host {
    display: block;
    background: transparent;
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  .box {
    /* Always shown inline; in full screen the same element goes to the top layer (popover), so the
       widget's frame is never moved or reloaded. */
    display: flex;
    flex-direction: column;
    position: relative;
    inset: auto;
    width: auto;
    height: auto;
    margin: 0;
    padding: 0;
    overflow: visible;
    color: inherit;
    background: transparent;
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius);
  }
  /* A widget that does not ask for a border (prefersBorder) draws its own edges. */
  .box.borderless {
    border-color: transparent;
  }
  .box:popover-open {
    position: fixed;
    inset: 0;
    width: 100vw;
    height: 100dvh;
    max-width: none;
    max-height: none;
    border: 0;
    border-radius: 0;
    background: var(--sky-color-surface);
  }
  .bar {
    display: flex;
    align-items: center;
    gap: var(--sky-space);
    padding: calc(var(--sky-space) / 2) var(--sky-space);
    border-bottom: 1px solid var(--sky-color-border);
  }
  .bar[hidden] {
    display: none;
  }
  .bar h2 {
    flex: 1;
    margin: 0;
    font-size: var(--sky-font-size);
  }
  iframe {
    display: block;
    width: 100%;
    border: 0;
    border-radius: inherit;
    background: transparent;
    color-scheme: normal;
  }
  .box:popover-open iframe {
    flex: 1;
    height: auto !important;
  }
  .status {
    padding: var(--sky-space);
  }
  .status p {
    margin: 0 0 calc(var(--sky-space) / 2);
  }
  .status.error {
    color: var(--sky-color-danger);
    background: var(--sky-color-danger-surface);
    border-radius: inherit;
  }
  button {
    font: inherit;
    color: var(--sky-color-text);
    background: var(--sky-color-surface-raised);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
    padding: 0.35rem 0.75rem;
    cursor: pointer;
  }
  button.primary {
    color: var(--sky-color-on-accent);
    background: var(--sky-color-accent);
    border-color: var(--sky-color-accent);
  }
  .sentinel {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  dialog {
    max-width: min(32rem, calc(100vw - 2rem));
    color: var(--sky-color-text);
    background: var(--sky-color-surface);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius);
    padding: var(--sky-space) calc(var(--sky-space) * 1.5);
    font: var(--sky-font-size) / 1.45 var(--sky-font);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog h2 {
    margin: 0 0 var(--sky-space);
    font-size: var(--sky-font-size-heading);
  }
  dialog pre {
    max-height: 12rem;
    overflow: auto;
    padding: calc(var(--sky-space) / 2);
    background: var(--sky-color-surface-raised);
    border-radius: var(--sky-radius-small);
    font: var(--sky-font-size-small) / 1.4 var(--sky-font-mono);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--sky-space) / 2);
    justify-content: flex-end;
    margin-top: var(--sky-space);
  }
  .warning {
    color: var(--sky-color-danger);
    font-weight: 600;
  }
`;
