// Registers <sky-widget-frame>. Import this (or the playground bundle) once per page.
import { SkyWidgetFrame } from './widget-frame.ts';

if (!customElements.get('sky-widget-frame')) customElements.define('sky-widget-frame', SkyWidgetFrame);

declare global {
  interface HTMLElementTagNameMap {
    'sky-widget-frame': SkyWidgetFrame;
  }
}
