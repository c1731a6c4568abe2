/**
 * The widget manager as a Skylit widget: its manifest (widget-manifest.ts) and its tools bound to one
 * WidgetManager. Served by `skylit-server` when the manager is on (server/main.ts).
 */
import { defineWidget, type WidgetDefinition } from '../registry.ts';
import type { WidgetManager } from './manager.ts';
import { managerTools } from './tools.ts';
import { managerWidgetManifest } from './widget-manifest.ts';

export { MANAGER_WIDGET_ID, managerWidgetManifest } from './widget-manifest.ts';

/** The manager widget, its tools answering from `manager`. */
export function createManagerWidget(manager: WidgetManager): WidgetDefinition {
  return defineWidget({ manifest: managerWidgetManifest, tools: managerTools(manager) });
}

/** The widget as the bundle recipe sees it (no tools: only its manifest is read). */
export const managerWidgetForBuild: WidgetDefinition = { manifest: managerWidgetManifest, tools: [] };
