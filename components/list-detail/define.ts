// Registers <sky-list-detail>. Import this (or the inline bundle) once per page.
import { SkyListDetail, type SkySaveDetail, type SkySelectDetail } from './list-detail.ts';

if (!customElements.get('sky-list-detail')) customElements.define('sky-list-detail', SkyListDetail);

export { SkyListDetail };
export type { SkySaveDetail, SkySelectDetail };

declare global {
  interface HTMLElementTagNameMap {
    'sky-list-detail': SkyListDetail;
  }
  interface HTMLElementEventMap {
    'sky-select': CustomEvent<SkySelectDetail>;
    'sky-save': CustomEvent<SkySaveDetail>;
  }
}
