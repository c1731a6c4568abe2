import { css } from 'lit';

export const listDetailStyles = css`
  .layout {
    display: grid;
    gap: var(--sky-space);
  }
  /* Room for both: the list beside the open record. A narrow chat column shows one at a time. */
  .layout.has-detail:not(.narrow) {
    grid-template-columns: var(--sky-list-detail-split, 40%) minmax(0, 1fr);
    align-items: start;
  }
  .layout.has-detail.narrow .list-pane {
    display: none;
  }
  .layout.fullscreen {
    padding: var(--sky-space);
  }
  .list-pane,
  .detail {
    display: grid;
    gap: calc(var(--sky-space) * 0.75);
    align-content: start;
    min-width: 0;
  }
  /* Full screen: each side scrolls on its own (inline, the widget grows instead: no nested scroll). */
  .fullscreen .list-pane,
  .fullscreen .detail {
    max-height: calc(100dvh - 2 * var(--sky-space));
    overflow: auto;
  }
  .list-head,
  .detail-head,
  .filters,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .list-head {
    justify-content: space-between;
  }
  .heading {
    margin: 0;
    font-size: var(--sky-font-size-heading);
  }
  .heading:focus {
    outline: none;
  }
  .heading:focus-visible {
    outline: var(--sky-focus-ring);
  }
  .filters input,
  .filters select {
    width: auto;
  }
  #filter-text {
    flex: 1;
    min-width: 8rem;
  }
  .list {
    display: grid;
    margin: 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius-small);
  }
  [role='option'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.125rem 0.5rem;
    padding: 0.5rem 0.75rem;
    cursor: pointer;
  }
  [role='option'] + [role='option'] {
    border-top: 1px solid var(--sky-color-border);
  }
  [role='option'][aria-selected='true'] {
    background: var(--sky-color-surface-raised);
    box-shadow: inset 4px 0 0 var(--sky-color-accent);
  }
  [role='option']:focus-visible {
    outline: var(--sky-focus-ring);
    outline-offset: -2px;
  }
  .item-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .item-sub {
    grid-column: 1 / -1;
    font-size: var(--sky-font-size-small);
    color: var(--sky-color-text-muted);
  }
  .badge {
    align-self: start;
    padding: 0 0.5rem;
    font-size: var(--sky-font-size-small);
    border: 1px solid currentColor;
    border-radius: 999px;
  }
  .badge.info {
    color: var(--sky-color-accent);
  }
  .badge.success {
    color: var(--sky-color-success);
  }
  .badge.warning,
  .badge.danger {
    color: var(--sky-color-danger);
  }
  .more {
    justify-self: start;
  }
  .danger {
    color: var(--sky-color-danger);
  }
  .sky-button.danger {
    color: var(--sky-color-on-accent);
    background: var(--sky-color-danger);
  }
  .conflict {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid var(--sky-color-danger);
    border-radius: var(--sky-radius-small);
  }
  .conflict p {
    margin: 0;
  }
  table {
    border-collapse: collapse;
    font-size: var(--sky-font-size-small);
  }
  th,
  td {
    padding: 0.25rem 0.5rem;
    text-align: start;
    vertical-align: top;
    border-bottom: 1px solid var(--sky-color-border);
  }
  td {
    overflow-wrap: anywhere;
  }
  dialog {
    max-width: 28rem;
    color: var(--sky-color-text);
    background: var(--sky-color-surface);
    border: 1px solid var(--sky-color-border);
    border-radius: var(--sky-radius);
  }
  dialog p {
    margin: 0.75rem 0;
  }
  @media (forced-colors: active) {
    [role='option'][aria-selected='true'] {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
    .badge {
      border-color: CanvasText;
    }
  }
`;
