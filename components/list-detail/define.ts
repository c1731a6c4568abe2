// Registers <sky-list-detail>. Import this (or the inline bundle) once per page.
import { SkyListDetail } from './list-detail.ts';
import type { FieldValue } from './view.ts';

if (!customElements.get('sky-list-detail')) customElements.define('sky-list-detail', SkyListDetail);

export { SkyListDetail };

declare global {
  interface HTMLElementTagNameMap {
    'sky-list-detail': SkyListDetail;
  }
  interface HTMLElementEventMap {
    'sky-select': CustomEvent<{ id: string }>;
    'sky-save': CustomEvent<{ id: string; values: Record<string, FieldValue> }>;
  }
}
