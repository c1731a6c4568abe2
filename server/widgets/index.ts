/**
 * The built-in Skylit widgets the production server publishes. To add a widget, import its
 * definition and list it here (see server/README.md, "Add a widget").
 *
 * `npm run build` (vite.config.ts) bundles every widget listed here, and `npm start` serves it.
 * Node-only: the chess engine runs on worker threads here (started on the first search), with the
 * budget and thread count from the environment (SKYLIT_ENGINE_MAX_NODES, SKYLIT_ENGINE_MAX_MS,
 * SKYLIT_ENGINE_THREADS).
 */
import { positiveIntegerFromEnv as positiveInteger } from '../env.ts';
import type { WidgetDefinition } from '../registry.ts';
import { createChessWidget } from './chess/index.ts';
import { createEnginePool } from './chess/engine-pool.ts';
import { onboardingWidget } from './onboarding/index.ts';
import { listDetailWidget } from './tasks/index.ts';

/** The engine pool's options from the environment. */
export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const maxNodes = positiveInteger(env, 'SKYLIT_ENGINE_MAX_NODES');
  const maxMs = positiveInteger(env, 'SKYLIT_ENGINE_MAX_MS');
  return {
    budget: { ...(maxNodes ? { maxNodes } : {}), ...(maxMs ? { maxMs } : {}) },
    workers: positiveInteger(env, 'SKYLIT_ENGINE_THREADS'),
  };
}

/** The engine every built-in chess tool searches with: worker threads. */
export const builtinEngine = createEnginePool(engineOptionsFromEnv());

export const builtinWidgets: WidgetDefinition[] = [createChessWidget({ engine: builtinEngine }), listDetailWidget, onboardingWidget];
