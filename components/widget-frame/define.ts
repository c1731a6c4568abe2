// Registers <sky-widget-frame>. Import this (or the playground bundle) once per page.
import type { TraceEntry } from './frame-transport.ts';
import { SkyWidgetFrame, type SkyDisplayModeDetail, type SkyMessageDetail, type SkyModelContextDetail, type SkyStateDetail, type ToolCallDetail } from './widget-frame.ts';

if (!customElements.get('sky-widget-frame')) customElements.define('sky-widget-frame', SkyWidgetFrame);

declare global {
  interface HTMLElementTagNameMap {
    'sky-widget-frame': SkyWidgetFrame;
  }
  interface HTMLElementEventMap {
    'sky-tool-call': CustomEvent<ToolCallDetail>;
    'sky-message': CustomEvent<SkyMessageDetail>;
    'sky-model-context': CustomEvent<SkyModelContextDetail>;
    'sky-display-mode': CustomEvent<SkyDisplayModeDetail>;
    'sky-close-request': CustomEvent<Record<string, never>>;
    'sky-state': CustomEvent<SkyStateDetail>;
    'sky-trace': CustomEvent<TraceEntry>;
  }
}
