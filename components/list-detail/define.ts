// Registers <sky-list-detail>. Import this (or the inline bundle) once per page.
import { SkyListDetail } from './list-detail.ts';

if (!customElements.get('sky-list-detail')) customElements.define('sky-list-detail', SkyListDetail);

declare global {
  interface HTMLElementTagNameMap {
    'sky-list-detail': SkyListDetail;
  }
}
