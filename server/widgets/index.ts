/**
 * The built-in Skylit widgets the production server publishes. None yet: the chess board is the
 * next issue. To add a widget, import its definition and list it here, e.g.
 *
 *   import { chessBoardWidget } from './chess-board.ts';
 *   export const builtinWidgets: WidgetDefinition[] = [chessBoardWidget];
 *
 * `npm run build` (vite.config.ts) bundles every widget listed here, and `npm start` serves it.
 */
import type { WidgetDefinition } from '../registry.ts';

export const builtinWidgets: WidgetDefinition[] = [];
