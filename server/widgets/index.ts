/**
 * The built-in Skylit widgets the production server publishes. To add a widget, import its
 * definition and list it here (see server/README.md, "Add a widget").
 *
 * `npm run build` (vite.config.ts) bundles every widget listed here, and `npm start` serves it.
 */
import type { WidgetDefinition } from '../registry.ts';
import { chessBoardWidget } from './chess/index.ts';
import { listDetailWidget } from './tasks/index.ts';

export const builtinWidgets: WidgetDefinition[] = [chessBoardWidget, listDetailWidget];
